import path from 'node:path'
import type { Clipboard, Menu, MenuItemConstructorOptions, NativeImage, Tray } from 'electron'
import type { CoreApi, Logger } from '../core'
import { describeError } from '../core'
import type { StartAtLogin } from './login-item'
import { isWebUrl } from './window-guards'
import type { TrayMenuActions } from './tray-menu'
import { buildTrayMenuTemplate } from './tray-menu'
import type { TrayIconName, TrayState } from './tray-state'
import { trayIconName, trayTooltip } from './tray-state'

export interface TrayController {
  /** Re-reads what the core does not announce (the "Start at login" setting) and redraws. */
  refresh(): void
  destroy(): void
}

export interface TrayParts {
  createTray(image: NativeImage): Tray
  buildMenu(template: MenuItemConstructorOptions[]): Menu
  loadImage(file: string): NativeImage
  clipboard: Pick<Clipboard, 'writeText'>
}

/** The tray icon, tooltip and menu, redrawn from every status and account change the core announces. */
export function createTrayController(deps: {
  electron: TrayParts
  core: Pick<CoreApi, 'events' | 'proxyStatus' | 'listAccounts' | 'setProxyEnabled'>
  resourcesDir: string
  startAtLogin: Pick<StartAtLogin, 'isEnabled' | 'set'>
  window: { show(): void; toggle(): void }
  reauthorize(accountId: string): Promise<unknown>
  /** The system browser (Google's verification page); https only. */
  openExternal(url: string): Promise<void>
  quit(): void
  logger: Logger
}): TrayController {
  const { electron, core, logger } = deps
  const images = new Map<TrayIconName, NativeImage>()
  const imageOf = (name: TrayIconName): NativeImage => {
    let image = images.get(name)
    if (!image) {
      image = electron.loadImage(path.join(deps.resourcesDir, `${name}.png`))
      images.set(name, image)
    }
    return image
  }

  let state: TrayState = {
    status: core.proxyStatus(),
    accounts: core.listAccounts().accounts,
    startAtLogin: deps.startAtLogin.isEnabled(),
  }
  const tray = electron.createTray(imageOf(trayIconName(state)))

  const report = (what: string) => (error: unknown) =>
    logger.error(`${what} failed: ${describeError(error)}`)

  const actions: TrayMenuActions = {
    setProxyEnabled: (enabled) =>
      void core.setProxyEnabled(enabled).catch(report('Switching the proxy')),
    reauthorize: (accountId) =>
      void deps.reauthorize(accountId).catch(report('Starting the sign-in')),
    openLink: (url) => {
      if (isWebUrl(url)) void deps.openExternal(url).catch(report('Opening the page'))
    },
    copyApiBaseUrl: (baseUrl) => electron.clipboard.writeText(baseUrl),
    openWindow: () => deps.window.show(),
    setStartAtLogin: (enabled) =>
      void deps.startAtLogin
        .set(enabled)
        .then(() => update({ startAtLogin: enabled }))
        .catch(report('Changing "Start at login"')),
    quit: () => deps.quit(),
  }

  let destroyed = false
  const draw = (): void => {
    if (destroyed) return
    tray.setImage(imageOf(trayIconName(state)))
    tray.setToolTip(trayTooltip(state))
    tray.setContextMenu(electron.buildMenu(buildTrayMenuTemplate(state, actions)))
  }
  const update = (change: Partial<TrayState>): void => {
    state = { ...state, ...change }
    draw()
  }

  tray.on('click', () => deps.window.toggle())
  const unsubscribes = [
    core.events.on('proxy-status-changed', (status) => update({ status })),
    core.events.on('accounts-changed', (event) => update({ accounts: event.accounts })),
  ]
  draw()

  return {
    refresh: () => update({ startAtLogin: deps.startAtLogin.isEnabled() }),
    destroy() {
      if (destroyed) return
      destroyed = true
      for (const unsubscribe of unsubscribes) unsubscribe()
      tray.destroy()
    },
  }
}
