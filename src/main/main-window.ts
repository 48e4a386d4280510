import path from 'node:path'
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron'
import type { Logger } from '../core'
import { describeError } from '../core'
import type { AppPaths } from './app-paths'
import { refuseNavigation, sendWindowOpensToBrowser } from './window-guards'

export const mainWindowOptions = (paths: AppPaths): BrowserWindowConstructorOptions => ({
  width: 1024,
  height: 720,
  minWidth: 720,
  minHeight: 480,
  title: 'agtray',
  icon: path.join(paths.resources, 'icon.png'),
  show: false,
  webPreferences: {
    preload: paths.preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    webSecurity: true,
  },
})

/** The app's one window. Closing it hides it: the app lives in the tray until "Quit". */
export interface MainWindow {
  current(): BrowserWindow | null
  show(): void
  toggle(): void
}

export function createMainWindow(deps: {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow
  paths: AppPaths
  openExternal(url: string): Promise<void>
  isQuitting(): boolean
  logger: Logger
}): MainWindow {
  const { paths, logger } = deps
  let window: BrowserWindow | null = null

  const create = (): BrowserWindow => {
    const created = deps.createWindow(mainWindowOptions(paths))
    created.once('ready-to-show', () => {
      created.show()
      created.focus()
    })
    created.on('close', (event) => {
      if (deps.isQuitting()) return
      event.preventDefault()
      created.hide()
    })
    created.on('closed', () => {
      if (window === created) window = null
    })
    const contents = created.webContents
    refuseNavigation(contents)
    sendWindowOpensToBrowser(contents, deps.openExternal, (error) =>
      logger.warn(`Opening a link failed: ${describeError(error)}`),
    )
    const loaded = paths.rendererDevUrl
      ? created.loadURL(paths.rendererDevUrl)
      : created.loadFile(paths.rendererFile)
    loaded.catch((error: unknown) =>
      logger.error(`The app window could not load: ${describeError(error)}`),
    )
    return created
  }

  const current = (): BrowserWindow | null => (window && !window.isDestroyed() ? window : null)

  const show = (): void => {
    const existing = current()
    if (!existing) {
      // The first window shows itself once its page is ready.
      window = create()
      return
    }
    if (existing.isMinimized()) existing.restore()
    existing.show()
    existing.focus()
  }

  return {
    current,
    show,
    toggle() {
      const existing = current()
      // Not isFocused(): clicking the tray icon itself takes the focus away on Windows.
      if (existing?.isVisible()) existing.hide()
      else show()
    },
  }
}
