/** The parts of a loadCodeAssist answer that name the account's tiers. */
export interface CodeAssistTier {
  id?: string
  name?: string
  isDefault?: boolean
  userDefinedCloudaicompanionProject?: boolean
}

export interface LoadCodeAssistAnswer {
  cloudaicompanionProject?: unknown
  currentTier?: CodeAssistTier | null
  paidTier?: CodeAssistTier | null
  allowedTiers?: CodeAssistTier[] | null
  ineligibleTiers?: Array<{ reasonMessage?: string; reasonCode?: string }> | null
}

const label = (tier: CodeAssistTier | null | undefined): string | null =>
  tier?.name?.trim() || tier?.id?.trim() || null

/**
 * The subscription tier shown for an account (reference §3.7): the paid tier when Google names
 * one (Google AI Pro, Ultra), else the current tier when no tier is out of reach, else the default
 * allowed tier marked "(Restricted)". The reference read `is_default` and so never matched the
 * last branch; Google writes `isDefault`.
 */
export function subscriptionTierOf(answer: LoadCodeAssistAnswer | null): string | null {
  if (!answer) return null
  const paid = label(answer.paidTier)
  if (paid) return paid
  const current = label(answer.currentTier)
  if (current && !answer.ineligibleTiers?.length) return current
  const fallback = label(answer.allowedTiers?.find((tier) => tier.isDefault === true))
  if (fallback) return `${fallback} (Restricted)`
  return current
}

/** The tier Google offers new users: the allowed tier marked default (as gemini-cli onboards). */
export const defaultAllowedTier = (answer: LoadCodeAssistAnswer): CodeAssistTier | null =>
  answer.allowedTiers?.find((tier) => tier.isDefault === true) ?? null

/** `cloudaicompanionProject` as a string or `{id}`; null when the account has none yet. */
export function projectIdOf(value: unknown): string | null {
  const id = typeof value === 'string' ? value : (value as { id?: unknown } | null)?.id
  return typeof id === 'string' && id.trim() !== '' ? id : null
}
