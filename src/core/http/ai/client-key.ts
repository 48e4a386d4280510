import type { IncomingHttpHeaders } from 'node:http'

/**
 * The key a client sent, in the reference's order: `Authorization` (with or without `Bearer `),
 * then `x-api-key` (Anthropic SDKs), then `x-goog-api-key` (Gemini SDKs), then `?key=` (Gemini REST).
 */
export function clientKeyOf(headers: IncomingHttpHeaders, query: unknown): string | null {
  const authorization = headers.authorization
  if (typeof authorization === 'string' && authorization.trim() !== '') {
    return authorization.replace(/^Bearer\s+/i, '').trim()
  }
  for (const name of ['x-api-key', 'x-goog-api-key'] as const) {
    const value = headers[name]
    if (typeof value === 'string' && value.trim() !== '') return value.trim()
  }
  const key = (query as { key?: unknown } | undefined)?.key
  return typeof key === 'string' && key !== '' ? key : null
}
