import type { AccountFile } from '../accounts/account-schema'
import type { QuotaProtectionSettings } from '../settings/settings-schema'
import { groupsBelowThreshold } from './quota-groups'

export type SkipKind = 'disabled' | 'quota-protected' | 'proxy-disabled'

export interface SkipDecision {
  kind: SkipKind
  reason: string
}

/**
 * Why an account stays out of the pool, judged in the user guide's order: `disabled` (dead
 * credentials) first, then Google's 403 (`quota.is_forbidden`), then quota protection, then `proxy_disabled` (the user's choice). Null when
 * it may serve. An account whose quota was never fetched is eligible.
 */
export function poolSkipDecision(
  account: AccountFile,
  quotaProtection: QuotaProtectionSettings,
): SkipDecision | null {
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
  const quota = quotaProtectionDecision(account, quotaProtection)
  if (quota) return quota
  if (account.proxy_disabled === true) {
    return {
      kind: 'proxy-disabled',
      reason: account.proxy_disabled_reason ?? 'disabled for the proxy',
    }
  }
  return null
}

/**
 * At load time an account is left out only when every monitored model group it has is under the
 * threshold; finer, per-model protection happens when a request picks an account for a model.
 */
function quotaProtectionDecision(
  account: AccountFile,
  settings: QuotaProtectionSettings,
): SkipDecision | null {
  const models = account.quota?.models
  if (!settings.enabled || !models?.length) return null
  const { protectedGroups, presentGroups } = groupsBelowThreshold(
    models,
    settings.monitored_models,
    settings.threshold_percentage,
  )
  if (presentGroups.length === 0 || protectedGroups.length < presentGroups.length) return null
  return {
    kind: 'quota-protected',
    reason: `quota under ${settings.threshold_percentage}% for ${protectedGroups.join(', ')}`,
  }
}
