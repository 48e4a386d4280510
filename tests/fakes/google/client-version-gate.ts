import type { RpcErrorBody } from './google-errors'
import { rpcError } from './google-errors'

/** The version in an Antigravity User-Agent (`Antigravity/4.3.0 (…) Chrome/… Electron/…`). */
export function antigravityVersionOf(userAgent: string | undefined): string | null {
  return /^Antigravity\/(\d+(?:\.\d+)*)/.exec(userAgent ?? '')?.[1] ?? null
}

const compare = (a: string, b: string): number => {
  const left = a.split('.').map(Number)
  const right = b.split('.').map(Number)
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0)
    if (diff !== 0) return Math.sign(diff)
  }
  return 0
}

/**
 * What Cloud Code answers a client older than it serves (or one that does not say which it is):
 * 400 FAILED_PRECONDITION with the words Antigravity users see.
 */
export function clientVersionRefusal(
  minimum: string | null,
  userAgent: string | undefined,
): RpcErrorBody | null {
  if (minimum === null) return null
  const version = antigravityVersionOf(userAgent)
  if (version !== null && compare(version, minimum) >= 0) return null
  return rpcError(
    400,
    'FAILED_PRECONDITION',
    'This version of Antigravity is no longer supported. Please update to receive the latest features and improvements.',
  )
}
