/** One model's remaining quota as Google reports it, in the account file's shape (`quota.models`). */
export interface ModelQuota {
  name: string
  /** 0-100, what is left, truncated like the reference (0.999 is 99, never a rounded-up 100). */
  percentage: number
  /** RFC 3339, or "" when Google gave none (the reference's stored form). */
  reset_time: string
}

/** Model ids whose quota agtray keeps: the families it serves (internal models like `chat_…` are not). */
const SERVED_PREFIXES = ['gemini', 'claude', 'gpt', 'image', 'imagen']

interface AvailableModelsBody {
  models?: Record<string, { quotaInfo?: { remainingFraction?: unknown; resetTime?: unknown } }>
}

/**
 * Reads a `fetchAvailableModels` answer: the models that carry `quotaInfo` and belong to a served
 * family, sorted by name so a file's diff shows quota moves, not reordering. A missing fraction
 * means nothing is left (Google omits it at zero).
 */
export function parseAvailableModels(body: unknown): ModelQuota[] {
  const models = (body as AvailableModelsBody | null)?.models
  if (!models || typeof models !== 'object') return []
  const quotas: ModelQuota[] = []
  for (const [name, info] of Object.entries(models)) {
    const quotaInfo = info?.quotaInfo
    if (!quotaInfo || typeof quotaInfo !== 'object') continue
    if (!SERVED_PREFIXES.some((prefix) => name.startsWith(prefix))) continue
    const fraction =
      typeof quotaInfo.remainingFraction === 'number' &&
      Number.isFinite(quotaInfo.remainingFraction)
        ? quotaInfo.remainingFraction
        : 0
    quotas.push({
      name,
      percentage: Math.max(0, Math.min(100, Math.trunc(fraction * 100))),
      reset_time: typeof quotaInfo.resetTime === 'string' ? quotaInfo.resetTime : '',
    })
  }
  return quotas.sort((a, b) => a.name.localeCompare(b.name))
}
