/**
 * A 403 asking the user to verify the account (Google's `VALIDATION_REQUIRED`): no wait cures
 * it, only the user following Google's link. What the account file keeps about it.
 */
export interface ValidationRequired {
  /** Google's words, short: what the user is asked to do. */
  reason: string
  /** Where the user verifies (or appeals); null when Google gave no link. */
  url: string | null
}

interface RpcDetail {
  reason?: unknown
  metadata?: Record<string, unknown>
  links?: { url?: unknown }[]
}

const MAX_REASON = 300

const parse = (text: string): { error?: { message?: unknown; details?: RpcDetail[] } } | null => {
  try {
    const body = JSON.parse(text) as unknown
    return body && typeof body === 'object' ? body : null
  } catch {
    return null
  }
}

/** Only https links: the link becomes clickable in the UI, so nothing else may pass. */
const httpsUrl = (value: unknown): string | null => {
  if (typeof value !== 'string') return null
  const unescaped = value.replace(/\\u0026/g, '&')
  try {
    return new URL(unescaped).protocol === 'https:' ? unescaped : null
  } catch {
    return null
  }
}

/**
 * Whether Google's answer asks for verification (the reference's test: `VALIDATION_REQUIRED`,
 * "verify your account" or `validation_url` in the body), and the link: the ErrorInfo's
 * `validation_url` or `appeal_url`, else a Help link, else the first https address in the text.
 */
export function validationRequiredOf(status: number, bodyText: string): ValidationRequired | null {
  if (status !== 403) return null
  if (!/VALIDATION_REQUIRED|verify your account|validation_url|appeal_url/i.test(bodyText))
    return null
  const body = parse(bodyText)
  const details = Array.isArray(body?.error?.details) ? body.error.details : []
  let url: string | null = null
  for (const detail of details) {
    url ??= httpsUrl(detail.metadata?.validation_url) ?? httpsUrl(detail.metadata?.appeal_url)
  }
  for (const detail of details) {
    for (const link of Array.isArray(detail.links) ? detail.links : []) url ??= httpsUrl(link.url)
  }
  url ??= httpsUrl(/https:\/\/[^\s"'<>]+/.exec(bodyText)?.[0])
  const message = typeof body?.error?.message === 'string' ? body.error.message : ''
  const reason = (message || 'Google asks to verify this account').slice(0, MAX_REASON)
  return { reason, url }
}
