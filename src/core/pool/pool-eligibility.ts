import type { AccountFile } from '../accounts/account-schema'
import { isLegacyProtected } from './quota-protection'

export type SkipKind = 'disabled' | 'quota-protected' | 'proxy-disabled'

export interface SkipDecision {
  kind: SkipKind
  reason: string
}

/**
 * Why an account stays out of the pool altogether: `disabled` (dead credentials) first, then
 * Google's 403 (`quota.is_forbidden`), then `proxy_disabled` (the user's choice). Null when it may
 * serve; an account whose quota was never fetched is eligible. Quota protection never leaves a
 * whole account out: it works per model family at selection (see quota-protection.ts), so a
 * legacy `proxy_disabled` set by quota protection does not count either (it is migrated on load).
 */
export function poolSkipDecision(account: AccountFile): SkipDecision | null {
  if (account.disabled === true) {
    return { kind: 'disabled', reason: account.disabled_reason ?? 'disabled' }
  }
  // Google answered 403 to the quota check: it would refuse every request too. Cleared by the
  // next quota fetch that succeeds, never by the user's proxy switch.
  if (account.quota?.is_forbidden === true) {
    const why = account.quota.forbidden_reason
    return {
      kind: 'proxy-disabled',
      reason: `Forbidden (403) by Google's quota check${why ? `: ${why}` : ''}`,
    }
  }
  if (account.proxy_disabled === true && !isLegacyProtected(account)) {
    return {
      kind: 'proxy-disabled',
      reason: account.proxy_disabled_reason ?? 'disabled for the proxy',
    }
  }
  return null
}
