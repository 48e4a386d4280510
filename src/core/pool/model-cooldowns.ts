import type { Clock } from '../runtime/clock'

interface Rest {
  until: number
  reason: string
}

/**
 * Accounts resting for one model only: a quota or rate limit on Claude says nothing about the
 * same account's Gemini quota. In memory; an entry ends by itself when its time is up.
 */
export interface ModelCooldowns {
  rest(accountId: string, model: string, ms: number, reason: string): void
  isResting(accountId: string, model: string | null): boolean
  /** When the account's rest for the model ends; null when it is not resting for it. */
  restingUntil(accountId: string, model: string): number | null
  /** How many of these accounts rest for the model, and when the first comes back. */
  summary(accountIds: readonly string[], model: string): { count: number; soonest: number | null }
  forget(accountId: string): void
}

export function createModelCooldowns(clock: Clock): ModelCooldowns {
  const rests = new Map<string, Rest>()
  const key = (accountId: string, model: string): string => `${accountId}\u0000${model}`
  const active = (accountId: string, model: string): Rest | undefined => {
    const rest = rests.get(key(accountId, model))
    if (rest && rest.until <= clock.now()) {
      rests.delete(key(accountId, model))
      return undefined
    }
    return rest
  }
  return {
    rest(accountId, model, ms, reason) {
      rests.set(key(accountId, model), { until: clock.now() + ms, reason })
    },
    isResting: (accountId, model) => (model ? active(accountId, model) !== undefined : false),
    restingUntil: (accountId, model) => active(accountId, model)?.until ?? null,
    summary(accountIds, model) {
      let count = 0
      let soonest: number | null = null
      for (const id of accountIds) {
        const rest = active(id, model)
        if (!rest) continue
        count++
        soonest = soonest === null ? rest.until : Math.min(soonest, rest.until)
      }
      return { count, soonest }
    },
    forget(accountId) {
      for (const entry of [...rests.keys()])
        if (entry.startsWith(`${accountId}\u0000`)) rests.delete(entry)
    },
  }
}
