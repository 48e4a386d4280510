import type { AccountFile } from '../accounts/account-schema'
import type { QuotaProtectionSettings } from '../settings/settings-schema'
import { groupsBelowThreshold, standardModelId } from './quota-groups'

/** The reference's account-level disable for quota, replaced by `protected_models` per family. */
export const LEGACY_PROTECTION_REASON = 'quota_protection'

/**
 * The family a Cloud Code model's quota is counted in (`claude`, `gemini-3-flash`…); a model no
 * family rule knows is its own family, so its quota is looked up by its exact name.
 */
export const familyOf = (model: string): string => standardModelId(model) ?? model

/**
 * familyOf remembered per model name: selection asks for the same few models on every request.
 * Bounded, since model names come from clients.
 */
export function createFamilyLookup(limit = 1024): (model: string) => string {
  const families = new Map<string, string>()
  return (model) => {
    let family = families.get(model)
    if (family === undefined) {
      family = familyOf(model)
      if (families.size >= limit) families.clear()
      families.set(model, family)
    }
    return family
  }
}

/**
 * The monitored families whose stored quota is under the threshold: the account stops serving
 * them, and only them. Judged from the stored quota alone, so a family comes back when a fetched
 * quota shows it recovered. A family the account has no quota for counts as full.
 */
export function protectedFamilies(
  account: AccountFile,
  settings: QuotaProtectionSettings,
): string[] {
  const models = account.quota?.models
  if (!models?.length) return []
  return groupsBelowThreshold(models, settings.monitored_models, settings.threshold_percentage)
    .protectedGroups
}

export const isLegacyProtected = (account: AccountFile): boolean =>
  account.proxy_disabled === true && account.proxy_disabled_reason === LEGACY_PROTECTION_REASON

const sameFamilies = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((family) => b.includes(family))

/**
 * The file as it should be stored, or null when it already is: a legacy account-level disable
 * for quota becomes `protected_models` (the account serves its other families again), and, while
 * protection is on, `protected_models` follows the stored quota. While it is off the stored list
 * is left alone (and ignored), as the reference does.
 */
export function protectionRewrite(
  account: AccountFile,
  settings: QuotaProtectionSettings,
): AccountFile | null {
  const legacy = isLegacyProtected(account)
  if (!legacy && !settings.enabled) return null
  const families = protectedFamilies(account, settings)
  if (!legacy && sameFamilies(families, account.protected_models ?? [])) return null
  const next: AccountFile = { ...account, protected_models: families }
  if (legacy) {
    next.proxy_disabled = false
    next.proxy_disabled_reason = null
    next.proxy_disabled_at = null
  }
  return next
}
