import type { ErrorBodyDto, ErrorCode } from '../../../shared/error-codes'
import { isErrorCode } from '../../../shared/error-codes'
import { RendererApiError } from '../../../shared/ipc-contract'
import type { HttpRequest } from '../../../shared/operation-http'

/** The part of `fetch` the web console uses, so tests can pass a fake. */
export type FetchLike = (
  url: string,
  init: RequestInit,
) => Promise<Pick<Response, 'ok' | 'status' | 'text'>>

export interface HttpTarget {
  /** '' for the page's own origin. */
  baseUrl: string
  fetch: FetchLike
}

/** The session cookie alone is not enough for a change: the admin API also wants this header. */
export const CSRF_HEADER = 'x-agtray-csrf'

const CANNOT_REACH =
  'Cannot reach the agtray server. Check that `agtray serve` is still running, then reload this page.'

const codeForStatus = (status: number): ErrorCode => {
  if (status === 400) return 'invalid_input'
  if (status === 401) return 'unauthorized'
  if (status === 404) return 'not_found'
  if (status === 409) return 'conflict'
  if (status === 502) return 'google_unavailable'
  return 'internal'
}

const parseJson = (text: string): unknown => {
  if (text.trim() === '') return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function errorFrom(status: number, body: unknown): RendererApiError {
  const error = (body as Partial<ErrorBodyDto> | null | undefined)?.error
  const message =
    typeof error?.message === 'string' ? error.message : `The server answered HTTP ${status}`
  // A 401 always means "log in again", whatever code the body carries.
  if (status === 401) return new RendererApiError('unauthorized', message)
  return new RendererApiError(
    isErrorCode(error?.code) ? error.code : codeForStatus(status),
    message,
  )
}

/** One admin API call: JSON in and out, errors as `RendererApiError`. */
export async function sendJson(target: HttpTarget, route: HttpRequest): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (route.body !== undefined) headers['content-type'] = 'application/json'
  if (route.method !== 'GET') headers[CSRF_HEADER] = '1'
  let response: Awaited<ReturnType<FetchLike>>
  let text: string
  try {
    response = await target.fetch(`${target.baseUrl}${route.path}`, {
      method: route.method,
      headers,
      credentials: 'same-origin',
      body: route.body === undefined ? undefined : JSON.stringify(route.body),
    })
    text = await response.text()
  } catch {
    throw new RendererApiError('internal', CANNOT_REACH)
  }
  const body = parseJson(text)
  if (!response.ok) throw errorFrom(response.status, body)
  if (body === undefined) {
    throw new RendererApiError(
      'internal',
      `The server sent an answer that is not JSON (${route.path})`,
    )
  }
  return body
}
