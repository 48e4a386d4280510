import type { Response } from 'express'
import type { ErrorCode } from '../../../shared/error-codes'
import { httpStatusOf } from '../../../shared/error-codes'
import type { AgtrayError } from '../../agtray-error'
import { waitSeconds } from '../../runtime/wait-time'
import { advisedWaitMs, geminiDetailsOf, messageWithWait } from './retry-advice'

export type Protocol = 'openai' | 'anthropic' | 'gemini'

export type ProxyErrorKind =
  | 'invalid_request'
  | 'authentication'
  | 'permission'
  | 'not_found'
  | 'too_large'
  | 'rate_limit'
  | 'unavailable'
  | 'upstream'
  | 'timeout'
  | 'internal'

/** Which client family a path belongs to, so errors come back in the shape its SDK parses. */
export function protocolForPath(path: string): Protocol {
  if (path.startsWith('/v1beta') || path.startsWith('/v1internal')) return 'gemini'
  if (path.startsWith('/v1/messages')) return 'anthropic'
  return 'openai'
}

const openAiTypes: Record<ProxyErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  too_large: 'invalid_request_error',
  rate_limit: 'rate_limit_error',
  unavailable: 'service_unavailable',
  upstream: 'upstream_error',
  timeout: 'upstream_error',
  internal: 'server_error',
}

const anthropicTypes: Record<ProxyErrorKind, string> = {
  invalid_request: 'invalid_request_error',
  authentication: 'authentication_error',
  permission: 'permission_error',
  not_found: 'not_found_error',
  too_large: 'request_too_large',
  rate_limit: 'rate_limit_error',
  unavailable: 'overloaded_error',
  upstream: 'api_error',
  timeout: 'timeout_error',
  internal: 'api_error',
}

const geminiStatuses: Record<ProxyErrorKind, string> = {
  invalid_request: 'INVALID_ARGUMENT',
  authentication: 'UNAUTHENTICATED',
  permission: 'PERMISSION_DENIED',
  not_found: 'NOT_FOUND',
  too_large: 'INVALID_ARGUMENT',
  rate_limit: 'RESOURCE_EXHAUSTED',
  unavailable: 'UNAVAILABLE',
  upstream: 'INTERNAL',
  timeout: 'DEADLINE_EXCEEDED',
  internal: 'INTERNAL',
}

/** Each code of the one table, as the AI protocols classify it. */
const kindOfCode: Record<ErrorCode, ProxyErrorKind> = {
  invalid_input: 'invalid_request',
  google_refused: 'upstream',
  unauthorized: 'authentication',
  foreign_origin: 'permission',
  not_found: 'not_found',
  sign_in_timed_out: 'timeout',
  conflict: 'invalid_request',
  account_file_unreadable: 'internal',
  data_dir_locked: 'internal',
  port_in_use: 'internal',
  sign_in_cancelled: 'invalid_request',
  too_large: 'too_large',
  unknown_host: 'invalid_request',
  accounts_resting: 'rate_limit',
  internal: 'internal',
  google_unavailable: 'upstream',
  client_outdated: 'invalid_request',
  no_account: 'unavailable',
}

/** The `code` OpenAI clients have always read for these, kept stable. */
const openAiCodeOf: Partial<Record<ErrorCode, string>> = {
  invalid_input: 'invalid_request',
  no_account: 'no_available_account',
  accounts_resting: 'no_available_account',
  internal: 'internal_error',
}

/** An agtray error as the AI routes answer it: status and kind from its code's row. */
export function proxyErrorOf(error: AgtrayError): ProxyError {
  return {
    status: httpStatusOf(error.code),
    kind: kindOfCode[error.code],
    code: openAiCodeOf[error.code] ?? error.code,
    message: error.message,
  }
}

export interface ProxyError {
  status: number
  kind: ProxyErrorKind
  message: string
  /** A stable machine code for OpenAI clients, e.g. `proxy_disabled`. */
  code?: string
  /**
   * How long until a retry may succeed: Google's hint or agtray's own rest time. Told to clients
   * (header, message, RetryInfo) only on a 429 or 503; unset when nothing is known.
   */
  retryAfterMs?: number
  /** What Google itself said, for Gemini clients that parse it (RetryInfo, ErrorInfo, Help). */
  google?: {
    /** Google's `status`; set only when the HTTP status is still Google's own. */
    status?: string
    details?: unknown[]
  }
}

export function protocolErrorBody(protocol: Protocol, error: ProxyError): unknown {
  if (protocol === 'anthropic') {
    return {
      type: 'error',
      error: { type: anthropicTypes[error.kind], message: messageWithWait(error) },
    }
  }
  if (protocol === 'gemini') {
    const details = geminiDetailsOf(error)
    return {
      error: {
        code: error.status,
        message: error.message,
        status: error.google?.status ?? geminiStatuses[error.kind],
        ...(details ? { details } : {}),
      },
    }
  }
  return {
    error: {
      message: messageWithWait(error),
      type: openAiTypes[error.kind],
      code: error.code ?? null,
    },
  }
}

export function sendProtocolError(res: Response, protocol: Protocol, error: ProxyError): void {
  if (res.headersSent) {
    res.end()
    return
  }
  // The openai and @anthropic-ai/sdk clients wait this long before their automatic retry.
  const waitMs = advisedWaitMs(error)
  if (waitMs !== null) res.setHeader('retry-after', String(waitSeconds(waitMs)))
  res.status(error.status).json(protocolErrorBody(protocol, error))
}
