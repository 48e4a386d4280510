import type * as Electron from 'electron'
import type { AppCore, CoreOptions, Logger, StartedCore } from '../core'
import { describeError, resolveDataDir } from '../core'
import { createAccountsExport } from './accounts-export-file'
import { isRendererUrl, resolveAppPaths } from './app-paths'
import { plainChromeUserAgent } from './chrome-user-agent'
import { installContentSecurityPolicy } from './content-security-policy'
import { createCoreIpcHandlers } from './core-ipc-handlers'
import { forwardCoreEvents } from './core-event-forwarding'
import { createElectronSettingsStore } from './electron-settings-store'
import { registerIpcHandlers } from './ipc-handlers'
import { createSenderCheck } from './ipc-sender-check'
import { createStartAtLogin } from './login-item'
import type { MainWindow } from './main-window'
import { createMainWindow } from './main-window'
import { createOAuthWindows } from './oauth-window'
import { writePrivateFile } from './private-file'
import type { TrayController } from './tray-controller'
import { createTrayController } from './tray-controller'

/** The parts of the `electron` module the app uses; tests pass a mocked module. */
export type ElectronMain = Pick<
  typeof Electron,
  | 'app'
  | 'BrowserWindow'
  | 'Tray'
  | 'Menu'
  | 'nativeImage'
  | 'clipboard'
  | 'dialog'
  | 'shell'
  | 'ipcMain'
  | 'session'
>

export interface DesktopAppDeps {
  electron: ElectronMain
  createCore(options: CoreOptions): AppCore
  createLogger(dataDir: string): Logger
  env: NodeJS.ProcessEnv
  /** The folder of the running `out/main/index.js`. */
  mainDir: string
  platform: NodeJS.Platform
  chromeVersion: string | undefined
}

export interface DesktopApp {
  /** Resolves once the app is up, or has given up (second instance, core failed to start). */
  run(): Promise<void>
}

interface RunningUi {
  mainWindow: MainWindow
  dispose(): void
}

/** The tray app's lifecycle: one instance, the core started once, stopped before quitting. */
export function createDesktopApp(deps: DesktopAppDeps): DesktopApp {
  const { electron, env } = deps
  const { app } = electron
  let quitting = false
  let running: { core: StartedCore; logger: Logger } | null = null
  let ui: RunningUi | null = null
  let stopping = false
  let stopped = false

  const showUi = (started: StartedCore, logger: Logger): RunningUi => {
    const paths = resolveAppPaths({
      mainDir: deps.mainDir,
      appPath: app.getAppPath(),
      isPackaged: app.isPackaged,
      env,
    })
    const isAppPage = (url: string): boolean => isRendererUrl(paths, url)
    const openExternal = (url: string): Promise<void> => electron.shell.openExternal(url)
    const createWindow = (options: Electron.BrowserWindowConstructorOptions) =>
      new electron.BrowserWindow(options)
    installContentSecurityPolicy(electron.session.defaultSession, isAppPage)

    const mainWindow = createMainWindow({
      createWindow,
      paths,
      openExternal,
      isQuitting: () => quitting,
      logger,
    })
    const oauthWindows = createOAuthWindows({
      core: started,
      createWindow,
      openExternal,
      userAgent: plainChromeUserAgent(deps.platform, deps.chromeVersion),
      logger,
      // The result (or the reason it failed) is on the accounts page.
      onFinished: () => mainWindow.show(),
    })
    const startAtLogin = createStartAtLogin({ app, core: started })
    let tray: TrayController | null = null
    const exportAccounts = createAccountsExport({
      core: started,
      showSaveDialog: (options) => {
        const parent = mainWindow.current()
        return parent
          ? electron.dialog.showSaveDialog(parent, options)
          : electron.dialog.showSaveDialog(options)
      },
      writePrivateFile,
      defaultFolder: () => app.getPath('documents'),
      now: () => new Date(),
    })
    // Handlers first: the page may call as soon as it loads.
    registerIpcHandlers({
      ipcMain: electron.ipcMain,
      handlers: createCoreIpcHandlers({
        core: started,
        oauthWindows,
        exportAccounts,
        startAtLogin,
        onSettingsChanged: () => tray?.refresh(),
      }),
      isTrustedSender: createSenderCheck({ mainWindow: mainWindow.current, isAppPage }),
      logger,
    })
    const stopForwarding = forwardCoreEvents(started.events, (channel, payload) => {
      const contents = mainWindow.current()?.webContents
      if (contents && !contents.isDestroyed()) contents.send(channel, payload)
    })
    tray = createTrayController({
      electron: {
        createTray: (image) => new electron.Tray(image),
        buildMenu: (template) => electron.Menu.buildFromTemplate(template),
        loadImage: (file) => electron.nativeImage.createFromPath(file),
        clipboard: electron.clipboard,
      },
      core: started,
      resourcesDir: paths.resources,
      startAtLogin,
      window: mainWindow,
      reauthorize: (accountId) => oauthWindows.start(accountId),
      openExternal,
      quit: () => app.quit(),
      logger,
    })
    mainWindow.show()
    return {
      mainWindow,
      dispose() {
        stopForwarding()
        oauthWindows.dispose()
        tray?.destroy()
      },
    }
  }

  const onBeforeQuit = (event: { preventDefault(): void }): void => {
    quitting = true
    if (!running || stopped) return
    // Quitting waits for the core to close its listener and release the data folder.
    event.preventDefault()
    if (stopping) return
    stopping = true
    ui?.dispose()
    const { core, logger } = running
    void core
      .stop()
      .catch((error: unknown) => logger.error(`Stopping the core failed: ${describeError(error)}`))
      .finally(() => {
        stopped = true
        app.quit()
      })
  }

  return {
    async run() {
      if (!app.requestSingleInstanceLock()) {
        app.quit()
        return
      }
      app.on('second-instance', () => ui?.mainWindow.show())
      app.on('activate', () => ui?.mainWindow.show())
      // A tray app outlives its window; having a listener at all replaces Electron's quit.
      app.on('window-all-closed', () => undefined)
      app.on('before-quit', onBeforeQuit)
      await app.whenReady()

      const dataDir = resolveDataDir(undefined, env)
      const logger = deps.createLogger(dataDir)
      const created = deps.createCore({
        dataDir,
        env,
        settingsStore: createElectronSettingsStore,
        role: 'desktop',
        logger,
      })
      let core: StartedCore
      try {
        core = await created.start()
      } catch (error) {
        const message = describeError(error)
        logger.error(`agtray could not start: ${message}`)
        electron.dialog.showErrorBox('agtray could not start', message)
        app.quit()
        return
      }
      running = { core, logger }
      ui = showUi(core, logger)
    },
  }
}
