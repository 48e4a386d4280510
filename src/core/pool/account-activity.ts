import type { AccountActivityDto } from '../../shared/account-dto'
import type { Clock } from '../runtime/clock'
import type { ModelCooldowns } from './model-cooldowns'

/**
 * What each account did since agtray started: requests Google answered, errors it gave, when the
 * account was last handed out. In memory only: writing the file on every request would cost a
 * disk write per request for a number nobody needs across restarts.
 */
export interface AccountActivity {
  leased(accountId: string): void
  served(accountId: string): void
  failed(accountId: string): void
  /** The numbers for the account DTO, the models it rests for included; undefined when none. */
  of(accountId: string): AccountActivityDto | undefined
  forget(accountId: string): void
  /** Bumped by every change, so the account list knows to rebuild. */
  readonly version: number
}

interface Counts {
  requests: number
  errors: number
  lastUsedMs: number | null
}

export function createAccountActivity(clock: Clock, cooldowns: ModelCooldowns): AccountActivity {
  const counts = new Map<string, Counts>()
  let version = 0
  const countsOf = (id: string): Counts => {
    version++
    let entry = counts.get(id)
    if (!entry) counts.set(id, (entry = { requests: 0, errors: 0, lastUsedMs: null }))
    return entry
  }
  return {
    leased: (id) => void (countsOf(id).lastUsedMs = clock.now()),
    served: (id) => void countsOf(id).requests++,
    failed(id) {
      const entry = countsOf(id)
      entry.requests++
      entry.errors++
    },
    of(id) {
      const entry = counts.get(id)
      const resting = cooldowns.restsOf(id)
      if (!entry && resting.length === 0) return undefined
      return {
        requests: entry?.requests ?? 0,
        errors: entry?.errors ?? 0,
        last_used_at: entry?.lastUsedMs == null ? null : Math.floor(entry.lastUsedMs / 1000),
        resting_models: resting,
      }
    },
    forget: (id) => void counts.delete(id),
    get version() {
      return version
    },
  }
}
