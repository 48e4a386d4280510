import { timingSafeEqual } from 'node:crypto'
import type { IncomingHttpHeaders } from 'node:http'
import type { AuthMode } from '../settings/settings-schema'

export type EffectiveAuthMode = Exclude<AuthMode, 'auto'>

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost'])

export const isLoopbackHost = (host: string): boolean =>
  loopbackHosts.has(host) || host.startsWith('127.')

/** `auto`: no key needed while only this machine can connect; required once the port is on a network. */
export function effectiveAuthMode(mode: AuthMode, host: string): EffectiveAuthMode {
  if (mode !== 'auto') return mode
  return isLoopbackHost(host) ? 'off' : 'all_except_health'
}

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

export function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && expected.length > 0 && timingSafeEqual(a, b)
}
