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
 * credentials) first, then quota protection, then `proxy_disabled` (the user's choice). Null when
 * it may serve. An account whose quota was never fetched is eligible.
 */
export function poolSkipDecision(
  account: AccountFile,
  quotaProtection: QuotaProtectionSettings,
): SkipDecision | null {
  if (account.disabled === true) {
    return { kind: 'disabled', reason: account.disabled_reason ?? 'disabled' }
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
