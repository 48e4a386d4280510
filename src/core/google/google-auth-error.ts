import { AgtrayError } from '../agtray-error'
import { isGoogleTimeout } from './google-timeout-error'
/**
 * How a failed OAuth call ends: `invalid_grant` means the refresh token is dead (revoked, expired,
 * password changed) and retrying cannot help; `rejected` is another answer Google gave on purpose
 * (invalid_client, unauthorized_client…); `transient` is everything else (network, 5xx, 429).
 */
export type GoogleAuthFailureKind = 'invalid_grant' | 'rejected' | 'transient'

export class GoogleAuthError extends AgtrayError {
  readonly kind: GoogleAuthFailureKind
  readonly status: number | null
  /** Google's `error` field, e.g. `invalid_grant`, when it sent one. */
  readonly googleError: string | null
  /** Google's own words (`error_description`), else the message. */
  readonly detail: string

  constructor(
    kind: GoogleAuthFailureKind,
    message: string,
    status: number | null,
    googleError: string | null,
    detail?: string | null,
  ) {
    super(kind === 'transient' ? 'google_unavailable' : 'google_refused', message)
    this.name = 'GoogleAuthError'
    this.kind = kind
    this.status = status
    this.googleError = googleError
    this.detail = detail || message
  }
}

interface ErrorLike {
  message?: unknown
  code?: unknown
  status?: unknown
  response?: { status?: unknown; data?: unknown }
}

/**
 * Turns whatever google-auth-library threw into a GoogleAuthError by duck typing: gaxios is a
 * transitive dependency, so `instanceof GaxiosError` is unreliable. The message never includes
 * the request (which holds the refresh token), only Google's answer.
 */
export function toGoogleAuthError(error: unknown): GoogleAuthError {
  if (error instanceof GoogleAuthError) return error
  const like = (error ?? {}) as ErrorLike
  const response = like.response
  const status = typeof response?.status === 'number' ? response.status : null
  if (!response || status === null) {
    const timeout = [error, (error as { cause?: unknown } | null)?.cause].find(isGoogleTimeout)
    if (timeout) return new GoogleAuthError('transient', timeout.message, null, null)
    const code = typeof like.code === 'string' ? like.code : null
    const what = code ?? (typeof like.message === 'string' ? like.message : 'unknown error')
    return new GoogleAuthError('transient', `could not reach Google (${what})`, null, null)
  }
  const { googleError, description } = readOAuthErrorBody(response.data)
  const text = googleError
    ? description
      ? `${googleError} (${description})`
      : googleError
    : `HTTP ${status}`
  if (googleError === 'invalid_grant') {
    return new GoogleAuthError('invalid_grant', text, status, googleError, description)
  }
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) {
    return new GoogleAuthError('rejected', text, status, googleError, description)
  }
  return new GoogleAuthError(
    'transient',
    `Google answered ${text}`,
    status,
    googleError,
    description,
  )
}

function readOAuthErrorBody(data: unknown): {
  googleError: string | null
  description: string | null
} {
  if (typeof data === 'string') {
    // A text body such as "invalid_grant" or "invalid_grant: Bad Request".
    const match = /^\s*([a-z_]+)(?::\s*(.*))?/i.exec(data)
    if (match?.[1] && /_/.test(match[1]))
      return { googleError: match[1], description: match[2] ?? null }
    return { googleError: null, description: null }
  }
  if (data && typeof data === 'object') {
    const body = data as { error?: unknown; error_description?: unknown }
    if (typeof body.error === 'string') {
      return {
        googleError: body.error,
        description: typeof body.error_description === 'string' ? body.error_description : null,
      }
    }
    if (body.error && typeof body.error === 'object') {
      // Google RPC shape: {"error": {"code", "message", "status"}}
      const rpc = body.error as { status?: unknown; message?: unknown }
      return {
        googleError: typeof rpc.status === 'string' ? rpc.status : null,
        description: typeof rpc.message === 'string' ? rpc.message : null,
      }
    }
  }
  return { googleError: null, description: null }
}
