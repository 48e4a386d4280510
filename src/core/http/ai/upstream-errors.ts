import { googleMessage } from '../../google/cloud-code-client'
import { redactSecretShapes } from '../../logging/redact-secrets'
import type { UpstreamHints } from '../../pool/upstream-failure'
import { retryHintMs } from '../../pool/upstream-failure'
import type { ProxyError } from './protocol-errors'

interface GoogleRpcBody {
  error?: { code?: unknown; status?: unknown; details?: unknown }
}

const parse = (text: string): GoogleRpcBody | null => {
  try {
    const body = JSON.parse(text) as unknown
    return body && typeof body === 'object' ? (body as GoogleRpcBody) : null
  } catch {
    return null
  }
}

/**
 * Google's error for one account, turned into an error for the client. Statuses that are about
 * the account rather than the request (401: its token) must not look like the client's fault.
 * What Google said beyond the message (its retry hint, `status` and `details`) travels along for
 * clients that act on it.
 */
export function translateGoogleError(
  status: number,
  rawText: string,
  hints: UpstreamHints = {},
): ProxyError {
  // Google may quote what it was sent (a token it refused): nothing secret reaches a client.
  const text = redactSecretShapes(rawText)
  const translated = translateStatus(status, `Google: ${googleMessage(text) || `HTTP ${status}`}`)
  const body = parse(text)
  const hint = retryHintMs(text, hints)
  const rpc = body?.error
  const google: NonNullable<ProxyError['google']> = {}
  // Google's status names Google's code: it would be wrong on a status agtray changed (401 → 502).
  if (typeof rpc?.status === 'string' && translated.status === status) google.status = rpc.status
  if (Array.isArray(rpc?.details)) google.details = rpc.details
  return {
    ...translated,
    ...(hint === null ? {} : { retryAfterMs: hint }),
    ...(Object.keys(google).length ? { google } : {}),
  }
}

function translateStatus(status: number, message: string): ProxyError {
  if (status === 401) {
    return {
      status: 502,
      kind: 'upstream',
      code: 'upstream_auth',
      message: `${message} (the account's token was refused)`,
    }
  }
  if (status === 400)
    return { status, kind: 'invalid_request', code: 'upstream_invalid_request', message }
  if (status === 403)
    return { status, kind: 'permission', code: 'upstream_permission_denied', message }
  if (status === 404) return { status, kind: 'not_found', code: 'model_not_found', message }
  if (status === 413) return { status, kind: 'too_large', code: 'request_too_large', message }
  if (status === 429) return { status, kind: 'rate_limit', code: 'rate_limited', message }
  if (status === 503 || status === 529)
    return { status: 503, kind: 'unavailable', code: 'upstream_unavailable', message }
  return { status: status >= 500 ? 502 : status, kind: 'upstream', code: 'upstream_error', message }
}
