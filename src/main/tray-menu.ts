import type { MenuItemConstructorOptions } from 'electron'
import { trayQuotaLines } from './tray-quota'
import type { TrayState } from './tray-state'
import { accountsToReauthorize, accountsToVerify, poolSummary, proxyLabel } from './tray-state'

/** What the tray menu's items do; the controller binds them to the core and the windows. */
export interface TrayMenuActions {
  setProxyEnabled(enabled: boolean): void
  reauthorize(accountId: string): void
  /** Opens Google's verification page in the user's browser. */
  openLink(url: string): void
  copyApiBaseUrl(baseUrl: string): void
  openWindow(): void
  setStartAtLogin(enabled: boolean): void
  quit(): void
}

function reauthorizeItems(
  state: TrayState,
  actions: TrayMenuActions,
): MenuItemConstructorOptions[] {
  const accounts = accountsToReauthorize(state)
  if (accounts.length === 0) return [{ label: 'No disabled accounts', enabled: false }]
  return accounts.map((account) => ({
    label: account.email,
    click: () => actions.reauthorize(account.id),
  }))
}

/** Only while Google asks: each account's verification page, or the window when no link came. */
function verifyItems(state: TrayState, actions: TrayMenuActions): MenuItemConstructorOptions[] {
  const accounts = accountsToVerify(state)
  if (accounts.length === 0) return []
  const submenu = accounts.map((account): MenuItemConstructorOptions => ({
    label: account.validation_url ? `${account.email}: open Google’s page` : account.email,
    click: () =>
      account.validation_url ? actions.openLink(account.validation_url) : actions.openWindow(),
  }))
  return [{ label: 'Verify account', submenu }]
}

/** The tray's context menu for one state; rebuilt whenever the core announces a change. */
export function buildTrayMenuTemplate(
  state: TrayState,
  actions: TrayMenuActions,
): MenuItemConstructorOptions[] {
  const { status } = state
  return [
    { label: proxyLabel(status), enabled: false },
    {
      label: 'Proxy enabled',
      type: 'checkbox',
      checked: status.enabled,
      click: () => actions.setProxyEnabled(!status.enabled),
    },
    { label: poolSummary(state), enabled: false },
    ...trayQuotaLines(state.accounts).map((label): MenuItemConstructorOptions => ({
      label,
      enabled: false,
    })),
    { label: 'Re-authorize', submenu: reauthorizeItems(state, actions) },
    ...verifyItems(state, actions),
    { type: 'separator' },
    { label: 'Copy API base URL', click: () => actions.copyApiBaseUrl(status.base_url) },
    { label: 'Open agtray', click: () => actions.openWindow() },
    {
      label: 'Start at login',
      type: 'checkbox',
      checked: state.startAtLogin,
      click: () => actions.setStartAtLogin(!state.startAtLogin),
    },
    { type: 'separator' },
    { label: 'Quit', click: () => actions.quit() },
  ]
}
