import type { AccountListDto } from './account-dto'
import type { OAuthFinishedDto } from './oauth-dto'
import type { ProxyStatusDto } from './proxy-status-dto'
import type { SettingsDto } from './settings-dto'

export type AccountsChangedReason =
  | 'added'
  | 'updated'
  | 'removed'
  | 'proxy-toggled'
  | 'disabled'
  | 'reloaded'
  | 'imported'
  | 'cooldown'
  /** A quota check stored what Google said (or its 403). */
  | 'quota-refreshed'

export interface AccountsChangedEvent extends AccountListDto {
  reason: AccountsChangedReason
  account_id: string | null
}

/** Every event the core announces, by name. The admin SSE stream and IPC use the same names. */
export interface CoreEventMap {
  'accounts-changed': AccountsChangedEvent
  'proxy-status-changed': ProxyStatusDto
  'oauth-finished': OAuthFinishedDto
  /** Any change of the settings, wherever it came from (a window, the tray, the admin API). */
  'settings-changed': SettingsDto
}

export type CoreEventName = keyof CoreEventMap

export const coreEventNames = [
  'accounts-changed',
  'proxy-status-changed',
  'oauth-finished',
  'settings-changed',
] as const satisfies readonly CoreEventName[]
