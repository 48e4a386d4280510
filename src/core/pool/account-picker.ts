import type { AccountFile } from '../accounts/account-schema'
import type { Clock } from '../runtime/clock'
import type { SchedulingSettings } from '../settings/settings-schema'
import type { RankedCandidates } from './account-ranking'
import { ranksBefore } from './account-ranking'
import type { PoolRoster } from './pool-roster'
import { P2C_POOL_SIZE, pickPowerOfTwo } from './power-of-two-choices'
import type { SessionBindings } from './session-bindings'

/**
 * Picks the account for one attempt: the fixed account (fixed mode), else the conversation's
 * account (balanced mode, `sessionKey`), else the better of two drawn among the five best ranked
 * for the model's family. Null when none may serve now. Binding the conversation to the account
 * that ends up serving is the caller's (the pick may still fail to prepare).
 */
export type AccountPicker = (
  tried: ReadonlySet<string>,
  model: string | null,
  scheduling: Pick<SchedulingSettings, 'mode' | 'fixed_account_id'>,
  sessionKey: string | null,
) => AccountFile | null

export function createAccountPicker(deps: {
  roster: PoolRoster
  ranked: RankedCandidates
  bindings: SessionBindings
  familyOf(model: string): string
  clock: Clock
  random(): number
  /** Quota protection keeps the account off the model's family. */
  isProtected(account: AccountFile, model: string | null): boolean
  /** Resting, for the whole account or for this model. */
  isResting(accountId: string, model: string | null, now: number): boolean
}): AccountPicker {
  const { roster, ranked, bindings, clock } = deps

  const canServeNow = (
    account: AccountFile,
    tried: ReadonlySet<string>,
    model: string | null,
    now: number,
  ): boolean => !tried.has(account.id) && !deps.isResting(account.id, model, now)

  /** The account itself may serve the model: in the pool, not protected for its family. */
  const standsFor = (account: AccountFile, model: string | null): boolean =>
    roster.skipOf(account.id) === undefined && !deps.isProtected(account, model)

  /**
   * The best accounts for the model's family that may serve now, walked from the top of the
   * ranked view until P2C has its few: a handful of steps when most accounts can serve.
   */
  const pickRanked = (
    tried: ReadonlySet<string>,
    model: string | null,
    now: number,
  ): AccountFile | null => {
    const candidates = ranked.forFamily(model ? deps.familyOf(model) : '')
    const best: (typeof candidates)[number][] = []
    for (const candidate of candidates) {
      const account = roster.get(candidate.id)
      if (!account || !canServeNow(account, tried, model, now)) continue
      best.push(candidate)
      if (best.length === P2C_POOL_SIZE) break
    }
    const picked = pickPowerOfTwo(best, ranksBefore, deps.random)
    return picked ? (roster.get(picked.id) ?? null) : null
  }

  return (tried, model, scheduling, sessionKey) => {
    const now = clock.now()
    if (scheduling.mode === 'fixed' && scheduling.fixed_account_id) {
      const fixed = roster.get(scheduling.fixed_account_id)
      if (fixed && standsFor(fixed, model) && canServeNow(fixed, tried, model, now)) return fixed
    }
    if (sessionKey) {
      const boundId = bindings.get(sessionKey)
      if (boundId !== undefined) {
        const bound = roster.get(boundId)
        if (bound && standsFor(bound, model) && canServeNow(bound, tried, model, now)) return bound
        // Resting, protected, gone or just failed for this request: the conversation moves on.
        bindings.unbind(sessionKey)
      }
    }
    return pickRanked(tried, model, now)
  }
}
