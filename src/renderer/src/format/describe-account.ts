import type { AccountDto } from '../../../shared/account-dto'
import { formatDateTime } from './format-time'

const whenAndWhy = (label: string, at: number | null, reason: string | null): string => {
  const when = at === null ? label : `${label} on ${formatDateTime(at)}`
  return reason ? `${when}: ${reason}` : when
}

/** "Disabled on 2025-01-31 14:05: invalid_grant …", for the badge's tooltip. */
export const describeDisabled = (account: AccountDto): string =>
  whenAndWhy('Disabled', account.disabled_at, account.disabled_reason)

/** "Google asks to verify this account since 2025-01-31 14:05: Verify your account to continue." */
export function describeValidation(account: AccountDto): string {
  const at = account.validation_blocked_at
  const since = at === null ? '' : ` since ${formatDateTime(at)}`
  const reason = account.validation_blocked_reason
  return `Google asks to verify this account${since}${reason ? `: ${reason}` : ''}`
}

export const describeProxyDisabled = (account: AccountDto): string =>
  whenAndWhy('Proxy disabled', account.proxy_disabled_at, account.proxy_disabled_reason)
