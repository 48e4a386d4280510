import type { RefreshFault } from './types'
import { transientTokenError } from './google-errors'

export interface TokenFaultAnswer {
  status: number
  body: unknown
  delayMs: number
}

/** Scripted /token refresh failures, consumed in the order refreshes arrive. */
export interface RefreshFaults {
  add(fault: RefreshFault): void
  /** The answer for this refresh when a fault applies to it (and uses one of its times). */
  take(refreshToken: string | undefined): TokenFaultAnswer | undefined
}

export function createRefreshFaults(): RefreshFaults {
  const pending: { fault: RefreshFault; remaining: number }[] = []
  return {
    add(fault) {
      const times = fault.times ?? 1
      if (!Number.isInteger(times) || times < 1) {
        throw new Error(`fake-google: failRefresh times must be a positive integer, got ${times}`)
      }
      pending.push({ fault, remaining: times })
    },
    take(refreshToken) {
      const index = pending.findIndex(
        ({ fault }) => fault.refreshToken === undefined || fault.refreshToken === refreshToken,
      )
      const entry = pending[index]
      if (!entry) return undefined
      entry.remaining -= 1
      if (entry.remaining === 0) pending.splice(index, 1)
      const status = entry.fault.status ?? 500
      return {
        status,
        body: entry.fault.body ?? transientTokenError(status),
        delayMs: entry.fault.delayMs ?? 0,
      }
    },
  }
}
