import { AgtrayError } from '../agtray-error'
import type { AccountFile } from '../accounts/account-schema'
import type { Clock } from '../runtime/clock'
import { describeWait } from '../runtime/wait-time'
import type { Cooldown } from './account-list-view'
import type { ModelCooldowns } from './model-cooldowns'
import type { PoolRoster } from './pool-roster'
import type { AccountStanding } from './pool-summary'
import { describeNoAccount } from './pool-summary'

export interface NoAccountDetails {
  /** Whether preparing an account failed during this call (a refresh refused, no project…). */
  afterFailure?: boolean
  /** See PoolAvailability.nextServableAt. */
  retryAt?: number | null
  /** Every account that could serve rests for this model after Google refused it. */
  restingForModel?: boolean
}

/**
 * 429 while an account will be back by itself (resting for the model, or the whole account),
 * 503 when none ever will (none, all disabled). Also 503 when preparing an account failed during
 * this very request (Google's token service did not answer): an outage, not a limit.
 */
const isResting = (details: NoAccountDetails): boolean =>
  details.restingForModel === true ||
  ((details.retryAt ?? null) !== null && details.afterFailure !== true)

/** No account can serve now: all rest for a while (`accounts_resting`), or none ever will. */
export class NoAccountError extends AgtrayError {
  readonly afterFailure: boolean
  readonly retryAt: number | null
  readonly restingForModel: boolean
  constructor(message: string, details: NoAccountDetails = {}) {
    super(isResting(details) ? 'accounts_resting' : 'no_account', message)
    this.name = 'NoAccountError'
    this.afterFailure = details.afterFailure ?? false
    this.retryAt = details.retryAt ?? null
    this.restingForModel = details.restingForModel ?? false
  }
}

/**
 * When no account can serve: when one will be back, and why none can now. These walk every
 * account, which is fine on the failure path and never done for a request that finds one.
 */
export interface PoolAvailability {
  /**
   * When the first account that may serve `model` is back from its rest (account or model
   * cooldown), in clock milliseconds; null when one may serve now, or none will come back by
   * itself (no accounts, all disabled).
   */
  nextServableAt(model: string | null): number | null
  noAccountError(model: string | null, lastFailure: string | null): NoAccountError
}

export function createPoolAvailability(deps: {
  roster: PoolRoster
  cooldownOf(id: string, now: number): Cooldown | undefined
  modelCooldowns: ModelCooldowns
  clock: Clock
  /** Quota protection keeps the account off the model's family until a new quota shows it back. */
  isProtected(account: AccountFile, model: string | null): boolean
}): PoolAvailability {
  const { roster, modelCooldowns, clock } = deps

  const standingOf = (account: AccountFile, now: number): AccountStanding => {
    const cooldown = deps.cooldownOf(account.id, now)
    const skip = roster.skipOf(account.id)
    const status = skip ? skip.kind : cooldown ? 'cooldown' : 'in-pool'
    return {
      status,
      reason: skip?.reason ?? (status === 'cooldown' ? (cooldown?.reason ?? null) : null),
      cooldownUntil: status === 'cooldown' ? (cooldown?.until ?? null) : null,
    }
  }

  const allStandings = (now: number): AccountStanding[] => [
    ...roster.accounts().map((account) => standingOf(account, now)),
    ...roster.unreadable().map((): AccountStanding => ({
      status: 'unreadable',
      reason: null,
      cooldownUntil: null,
    })),
  ]

  const nextServableAt = (model: string | null): number | null => {
    const now = clock.now()
    let soonest: number | null = null
    for (const account of roster.eligible()) {
      if (deps.isProtected(account, model)) continue
      const accountBack = deps.cooldownOf(account.id, now)?.until ?? now
      const modelBack = model ? (modelCooldowns.restingUntil(account.id, model) ?? now) : now
      const back = Math.max(accountBack, modelBack)
      if (back <= now) return null
      soonest = soonest === null ? back : Math.min(soonest, back)
    }
    return soonest
  }

  return {
    nextServableAt,
    noAccountError(model, lastFailure) {
      const now = clock.now()
      const retryAt = nextServableAt(model)
      const afterFailure = lastFailure !== null
      if (model) {
        const unprotected = roster.eligible().filter((account) => !deps.isProtected(account, model))
        if (unprotected.length === 0 && roster.eligible().length > 0) {
          return new NoAccountError(
            `every account is under the quota protection threshold for ${model} (it serves again once a fetched quota shows it recovered)`,
            { afterFailure, retryAt },
          )
        }
        const eligible = unprotected
          .filter((account) => !deps.cooldownOf(account.id, now))
          .map((account) => account.id)
        const { count } = modelCooldowns.summary(eligible, model)
        if (count > 0 && count === eligible.length) {
          const wait = describeWait((retryAt ?? now) - now)
          return new NoAccountError(
            `every account is resting for ${model} after Google refused it (rate limit or quota; next back in ${wait})`,
            { afterFailure, retryAt, restingForModel: true },
          )
        }
      }
      return new NoAccountError(describeNoAccount(allStandings(now), now, lastFailure), {
        afterFailure,
        retryAt,
      })
    },
  }
}
