import { isRequestRefusal } from './request-refusal'
import type { ValidationRequired } from './validation-required'
import { validationRequiredOf } from './validation-required'

/**
 * What a failed Cloud Code answer says about the account that sent it, and what to do next.
 * Decided from Google's RPC error body (its `reason` and retry hints), never persisted: a burst
 * of 429s must not kill accounts, only rest them.
 */
export interface UpstreamFailure {
  status: number
  /** Google's ErrorInfo reason, e.g. QUOTA_EXHAUSTED, RATE_LIMIT_EXCEEDED, VALIDATION_REQUIRED. */
  reason: string | null
  /** How long the account (or, for `model` scope, the account for that model) should rest. */
  cooldownMs: number
  scope: 'account' | 'model' | 'none'
  /** The access token was refused: refresh it before the next use. */
  invalidateToken: boolean
  /** Another account may succeed where this one failed. */
  retryElsewhere: boolean
  /** Google refused the request itself (see request-refusal.ts): nobody rests for it. */
  requestRefusal: boolean
  /** Google asks the user to verify the account (a 403 with a link); null otherwise. */
  validation: ValidationRequired | null
  message: string
}

const MAX_COOLDOWN_MS = 24 * 60 * 60_000

interface RpcDetail {
  '@type'?: string
  reason?: string
  retryDelay?: string
  metadata?: Record<string, string>
}

interface RpcError {
  error?: { code?: number; message?: string; status?: string; details?: RpcDetail[] }
}

/** Go duration syntax as Google writes it: `1h2m3.5s`, `634.8ms`, `40s`. */
export function parseGoogleDuration(text: string): number | null {
  const pattern = /(\d+(?:\.\d+)?)(ms|h|m|s)/g
  let total = 0
  let matched = ''
  for (const match of text.matchAll(pattern)) {
    const value = Number(match[1])
    const unit = match[2]
    total +=
      unit === 'h'
        ? value * 3_600_000
        : unit === 'm'
          ? value * 60_000
          : unit === 's'
            ? value * 1000
            : value
    matched += match[0]
  }
  return matched === text.trim() && matched !== '' ? Math.round(total) : null
}

/** The retry hint of an error body: ErrorInfo `quotaResetDelay`, else RetryInfo `retryDelay`. */
export function retryDelayMs(body: RpcError | null): number | null {
  const details = body?.error?.details ?? []
  for (const detail of details) {
    const delay = detail.metadata?.quotaResetDelay
    if (delay) return parseGoogleDuration(delay)
  }
  for (const detail of details) {
    if (detail.retryDelay) return parseGoogleDuration(detail.retryDelay)
  }
  return null
}

const parse = (text: string): RpcError | null => {
  try {
    return JSON.parse(text) as RpcError
  } catch {
    return null
  }
}

/**
 * A `Retry-After` header: whole seconds, or an HTTP date (then counted from `now`). Null when
 * absent or unreadable.
 */
export function retryAfterHeaderMs(
  value: string | string[] | undefined | null,
  now: number,
): number | null {
  const text = (Array.isArray(value) ? value[0] : value)?.trim()
  if (!text) return null
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  const date = Date.parse(text)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

/** Google's answer besides its body: the `Retry-After` header, when it sent one. */
export interface UpstreamHints {
  retryAfter?: string | string[] | null
  now?: number
}

/**
 * The retry hint of an error as Google sent it, in milliseconds: the body's `quotaResetDelay`
 * or `retryDelay` (the more precise), else the `Retry-After` header.
 */
export function retryHintMs(bodyText: string, hints: UpstreamHints = {}): number | null {
  return (
    retryDelayMs(parse(bodyText)) ?? retryAfterHeaderMs(hints.retryAfter, hints.now ?? Date.now())
  )
}

const clamp = (ms: number): number => Math.min(MAX_COOLDOWN_MS, Math.max(1000, ms))

export function classifyUpstreamFailure(
  status: number,
  bodyText: string,
  hints: UpstreamHints = {},
): UpstreamFailure {
  const body = parse(bodyText)
  const reason = body?.error?.details?.find((detail) => detail.reason)?.reason ?? null
  const message = body?.error?.message ?? (bodyText.slice(0, 200) || `HTTP ${status}`)
  const hint = retryHintMs(bodyText, hints)
  const base = {
    status,
    reason,
    message,
    invalidateToken: false,
    requestRefusal: false,
    validation: validationRequiredOf(status, bodyText),
  }
  if (status === 401) {
    return { ...base, cooldownMs: 0, scope: 'none', invalidateToken: true, retryElsewhere: true }
  }
  if (status === 403) {
    // Verification required, or the account lost access: rest it longer; the user may need to act.
    return { ...base, cooldownMs: 10 * 60_000, scope: 'account', retryElsewhere: true }
  }
  if (status === 429) {
    if (reason === 'QUOTA_EXHAUSTED') {
      return {
        ...base,
        cooldownMs: clamp(hint ?? 60 * 60_000),
        scope: 'model',
        retryElsewhere: true,
      }
    }
    return { ...base, cooldownMs: clamp(hint ?? 5_000), scope: 'model', retryElsewhere: true }
  }
  if (status === 503 || status === 529 || status === 500 || status === 502 || status === 504) {
    // Capacity problems are global to a model, so another account rarely helps at once, but may.
    return { ...base, cooldownMs: clamp(hint ?? 10_000), scope: 'model', retryElsewhere: true }
  }
  if (isRequestRefusal(status, bodyText)) {
    // One more account tries: a refusal may still be the account's (its tier, its project).
    return { ...base, cooldownMs: 0, scope: 'none', retryElsewhere: true, requestRefusal: true }
  }
  return { ...base, cooldownMs: 0, scope: 'none', retryElsewhere: false }
}
