import type { ModelQuotaDto } from './account-dto'

/** The families a user reads quota by: every model of one family spends the same quota. */
export type QuotaFamily =
  'Claude' | 'Gemini Pro' | 'Gemini Flash' | 'Gemini Image' | 'GPT-OSS' | 'Other'

/** The order families are shown in, everywhere. */
export const quotaFamilyOrder: readonly QuotaFamily[] = [
  'Claude',
  'Gemini Pro',
  'Gemini Flash',
  'Gemini Image',
  'GPT-OSS',
  'Other',
]

export function quotaFamilyOf(model: string): QuotaFamily {
  const name = model.toLowerCase()
  if (name.includes('claude')) return 'Claude'
  if (name.includes('image') || name.startsWith('imagen')) return 'Gemini Image'
  if (name.includes('flash')) return 'Gemini Flash'
  if (name.startsWith('gemini')) return 'Gemini Pro'
  if (name.startsWith('gpt')) return 'GPT-OSS'
  return 'Other'
}

export interface FamilyQuota {
  family: QuotaFamily
  /** 0-100: what the family's best model has left. */
  percentage: number
  /** When that model's quota resets (RFC 3339), or null. */
  reset_time: string | null
}

/**
 * One line per family, in a fixed order: the best model of the family decides, since a request
 * for the family is routed to whichever of its models still has quota.
 */
export function familyQuotas(models: readonly ModelQuotaDto[]): FamilyQuota[] {
  const best = new Map<QuotaFamily, FamilyQuota>()
  for (const model of models) {
    const family = quotaFamilyOf(model.name)
    const current = best.get(family)
    if (!current || model.percentage > current.percentage)
      best.set(family, { family, percentage: model.percentage, reset_time: model.reset_time })
  }
  return quotaFamilyOrder.flatMap((family) => best.get(family) ?? [])
}
