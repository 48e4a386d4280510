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
  /** The models the account rests for now, and until when (unix seconds), soonest back first. */
  restsOf(accountId: string): { model: string; until: number }[]
  forget(accountId: string): void
}

export function createModelCooldowns(clock: Clock): ModelCooldowns {
  // By model first: selection asks about one model for account after account, and a model nobody
  // rests for (the usual case) is answered without a lookup per account.
  const byModel = new Map<string, Map<string, Rest>>()
  const active = (accountId: string, model: string): Rest | undefined => {
    const rests = byModel.get(model)
    if (!rests) return undefined
    const rest = rests.get(accountId)
    if (rest && rest.until <= clock.now()) {
      rests.delete(accountId)
      if (rests.size === 0) byModel.delete(model)
      return undefined
    }
    return rest
  }
  return {
    rest(accountId, model, ms, reason) {
      let rests = byModel.get(model)
      if (!rests) byModel.set(model, (rests = new Map()))
      rests.set(accountId, { until: clock.now() + ms, reason })
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
    restsOf(accountId) {
      const rests: { model: string; until: number }[] = []
      for (const model of [...byModel.keys()]) {
        const rest = active(accountId, model)
        if (rest) rests.push({ model, until: Math.ceil(rest.until / 1000) })
      }
      return rests.sort((a, b) => a.until - b.until)
    },
    forget(accountId) {
      for (const [model, rests] of byModel) {
        rests.delete(accountId)
        if (rests.size === 0) byModel.delete(model)
      }
    },
  }
}
