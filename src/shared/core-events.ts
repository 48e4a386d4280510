import type { AccountListDto } from './account-dto'
import type { ProxyStatusDto } from './proxy-status-dto'

export type AccountsChangedReason =
  'added' | 'updated' | 'removed' | 'proxy-toggled' | 'disabled' | 'reloaded' | 'imported'

export interface AccountsChangedEvent extends AccountListDto {
  reason: AccountsChangedReason
  account_id: string | null
}

/** Every event the core announces, by name. The admin SSE stream and IPC use the same names. */
export interface CoreEventMap {
  'accounts-changed': AccountsChangedEvent
  'proxy-status-changed': ProxyStatusDto
}

export type CoreEventName = keyof CoreEventMap

export const coreEventNames = [
  'accounts-changed',
  'proxy-status-changed',
] as const satisfies readonly CoreEventName[]
