import type { AccountDto } from '../shared/account-dto'
import type { ProxyStatusDto } from '../shared/proxy-status-dto'

/** What the tray shows: the latest proxy status and account list the core announced. */
export interface TrayState {
  status: ProxyStatusDto
  accounts: readonly AccountDto[]
  startAtLogin: boolean
}

export type TrayIconName = 'tray-on' | 'tray-off' | 'tray-warning'

/** Dead credentials (persisted or found dead during this run): only a new sign-in fixes them. */
export const needsReauthorization = (account: AccountDto): boolean =>
  account.disabled || account.pool_status === 'disabled'

export const accountsToReauthorize = (state: TrayState): AccountDto[] =>
  state.accounts.filter(needsReauthorization)

/** Google asks the user to verify these accounts (a 403 with a link); they rest meanwhile. */
export const accountsToVerify = (state: TrayState): AccountDto[] =>
  state.accounts.filter((account) => account.validation_blocked)

const disabledCount = (state: TrayState): number =>
  Math.max(state.status.counts.disabled, accountsToReauthorize(state).length)

/** A stopped proxy is the news that matters most; dead accounts only matter while it serves. */
export function trayIconName(state: TrayState): TrayIconName {
  if (!state.status.enabled) return 'tray-off'
  const needsTheUser = disabledCount(state) + accountsToVerify(state).length
  return needsTheUser > 0 ? 'tray-warning' : 'tray-on'
}

/** `3 in pool · 1 disabled · 1 proxy-disabled`: zero counts other than the pool are left out. */
export function poolSummary(state: TrayState): string {
  const { counts } = state.status
  const parts = [`${counts.in_pool} in pool`]
  const optional: [number, string][] = [
    [disabledCount(state), 'disabled'],
    [accountsToVerify(state).length, 'to verify'],
    [counts.proxy_disabled, 'proxy-disabled'],
    [counts.quota_protected, 'quota-protected'],
    [counts.cooldown, 'resting'],
    [counts.unreadable, 'unreadable'],
  ]
  for (const [count, label] of optional) if (count > 0) parts.push(`${count} ${label}`)
  return parts.join(' · ')
}

export const proxyLabel = (status: ProxyStatusDto): string =>
  status.enabled ? `Proxy on — port ${status.port}` : 'Proxy off'

export function trayTooltip(state: TrayState): string {
  const { status } = state
  const proxy = status.enabled ? `proxy on (port ${status.port})` : 'proxy off'
  return `agtray — ${proxy} · ${poolSummary(state)}`
}
