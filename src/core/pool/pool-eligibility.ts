import type { AccountFile } from '../accounts/account-schema'
import { isLegacyProtected } from './quota-protection'

export type SkipKind = 'disabled' | 'quota-protected' | 'proxy-disabled'

export interface SkipDecision {
  kind: SkipKind
  reason: string
}

/**
 * Why an account stays out of the pool altogether: `disabled` (dead credentials) first, then
 * `proxy_disabled` (the user's choice). Null when it may serve. Quota protection never leaves a
 * whole account out: it works per model family at selection (see quota-protection.ts), so a
 * legacy `proxy_disabled` set by quota protection does not count either (it is migrated on load).
 */
export function poolSkipDecision(account: AccountFile): SkipDecision | null {
  if (account.disabled === true) {
    return { kind: 'disabled', reason: account.disabled_reason ?? 'disabled' }
  }
  if (account.proxy_disabled === true && !isLegacyProtected(account)) {
    return {
      kind: 'proxy-disabled',
      reason: account.proxy_disabled_reason ?? 'disabled for the proxy',
    }
  }
  return null
}
