import type { AccountListDto } from '../../shared/account-dto'
import type { AccountsChangedReason } from '../../shared/core-events'
import type { PoolCountsDto } from '../../shared/proxy-status-dto'
import { toAccountDto } from '../accounts/account-dto-mapper'
import type { AccountFile } from '../accounts/account-schema'
import type { AccountStore } from '../accounts/account-store'
import type { CloudCodeClient } from '../google/cloud-code-client'
import type { GoogleOAuth } from '../google/google-oauth'
import type { Logger } from '../logging/logger'
import type { Clock } from '../runtime/clock'
import { createCoalescedRunner } from '../runtime/coalesced-runner'
import { describeWait } from '../runtime/wait-time'
import type { QuotaProtectionSettings } from '../settings/settings-schema'
import type { Lease } from './account-preparer'
import { createAccountPreparer } from './account-preparer'
import { createModelCooldowns } from './model-cooldowns'
import type { SkipDecision } from './pool-eligibility'
import { poolSkipDecision } from './pool-eligibility'
import type { Cooldown, PoolSnapshot } from './pool-snapshot'
import { emptySnapshot, poolStatusOf, withSkip } from './pool-snapshot'
import type { AccountStanding } from './pool-summary'
import { countStandings, describeNoAccount } from './pool-summary'
import { logTransitions, readAccountsInOrder } from './snapshot-loader'
import type { UpstreamFailure } from './upstream-failure'

export type { Lease } from './account-preparer'
export { REFRESH_MARGIN_SECONDS } from './account-preparer'

export interface NoAccountDetails {
  /** Whether preparing an account failed during this call (a refresh refused, no project…). */
  afterFailure?: boolean
  /** See TokenPool.nextServableAt. */
  retryAt?: number | null
  /** Every account that could serve rests for this model after Google refused it. */
  restingForModel?: boolean
}

export class NoAccountError extends Error {
  readonly afterFailure: boolean
  readonly retryAt: number | null
  readonly restingForModel: boolean
  constructor(message: string, details: NoAccountDetails = {}) {
    super(message)
    this.name = 'NoAccountError'
    this.afterFailure = details.afterFailure ?? false
    this.retryAt = details.retryAt ?? null
    this.restingForModel = details.restingForModel ?? false
  }
}

export interface TokenPoolDeps {
  store: AccountStore
  oauth: GoogleOAuth
  cloudCode: CloudCodeClient
  logger: Logger
  clock: Clock
  quotaProtection(): QuotaProtectionSettings
  /** Runtime changes the files do not show at once: an account disabled or resting mid-request. */
  onChange(reason: AccountsChangedReason, accountId: string | null): void
}

export interface AcquireOptions {
  /** The Cloud Code model the request is for: accounts resting for it are passed over. */
  model?: string | null
  /** Accounts this request already tried. */
  exclude?: ReadonlySet<string>
}

export interface TokenPool {
  /** Re-reads the account files and swaps the pool; resolves after a read that began after the call. */
  reload(): Promise<void>
  acquire(options?: AcquireOptions): Promise<Lease>
  /** What Google's answer to a lease says about its account: rest it, or refresh its token. */
  reportUpstreamFailure(lease: Lease, failure: UpstreamFailure, model: string | null): void
  /**
   * When the first account that may serve `model` is back from its rest (account or model
   * cooldown), in clock milliseconds; null when one may serve now, or none will come back by
   * itself (no accounts, all disabled).
   */
  nextServableAt(model: string | null): number | null
  list(): AccountListDto
  counts(): PoolCountsDto
  /** Accounts that may serve right now. */
  size(): number
  /** Model ids the stored quota of accounts in the pool lists (empty until quotas are fetched). */
  quotaModels(): string[]
}

/** How long an account rests after a refresh failed for a reason other than invalid_grant. */
export const TRANSIENT_COOLDOWN_MS = 30_000

interface RuntimeCooldown extends Cooldown {
  refreshToken: string
}

/**
 * The accounts that may serve, picked in turn. The files are the source of truth: `reload` reads
 * them and swaps the whole snapshot at once, so a request in flight keeps the account it holds.
 */
export function createTokenPool(deps: TokenPoolDeps): TokenPool {
  const { store, logger, clock } = deps
  let snapshot: PoolSnapshot = emptySnapshot
  let cursor = 0
  const cooldowns = new Map<string, RuntimeCooldown>()
  const modelCooldowns = createModelCooldowns(clock)

  const rest = (account: AccountFile, ms: number, reason: string): void => {
    cooldowns.set(account.id, {
      until: clock.now() + ms,
      reason,
      refreshToken: account.token.refresh_token,
    })
  }

  const preparer = createAccountPreparer({
    store,
    oauth: deps.oauth,
    cloudCode: deps.cloudCode,
    logger,
    clock,
    onDisabled(account, reason) {
      snapshot = withSkip(snapshot, account.id, { kind: 'disabled', reason })
      deps.onChange('disabled', account.id)
    },
    onTransientFailure(account, reason) {
      rest(account, TRANSIENT_COOLDOWN_MS, reason)
      deps.onChange('cooldown', account.id)
    },
  })

  const cooldownOf = (account: AccountFile): RuntimeCooldown | undefined => {
    const cooldown = cooldowns.get(account.id)
    return cooldown && cooldown.until > clock.now() ? cooldown : undefined
  }

  const standingOf = (account: AccountFile): AccountStanding => {
    const cooldown = cooldownOf(account)
    const status = poolStatusOf(snapshot, account.id, cooldown, clock.now())
    const skip = snapshot.skipped.get(account.id)
    return {
      status,
      reason: skip?.reason ?? (status === 'cooldown' ? (cooldown?.reason ?? null) : null),
      cooldownUntil: status === 'cooldown' ? (cooldown?.until ?? null) : null,
    }
  }

  const allStandings = (): AccountStanding[] => [
    ...snapshot.accounts.map(standingOf),
    ...snapshot.unreadable.map((): AccountStanding => ({
      status: 'unreadable',
      reason: null,
      cooldownUntil: null,
    })),
  ]

  const list = (): AccountListDto => ({
    accounts: snapshot.accounts.map((account) => {
      const standing = standingOf(account)
      const runtimeReason =
        standing.status === 'disabled' && account.disabled !== true
          ? (standing.reason ?? undefined)
          : undefined
      return toAccountDto(account, standing.status, standing.cooldownUntil, runtimeReason)
    }),
    unreadable: snapshot.unreadable.map(({ id, file, error }) => ({ id, file, error })),
  })

  const decide = (
    account: AccountFile,
    quotaProtection: QuotaProtectionSettings,
  ): SkipDecision | null => {
    const stored = poolSkipDecision(account, quotaProtection)
    if (stored) return stored
    const dead = preparer.deadReason(account.token.refresh_token)
    return dead ? { kind: 'disabled', reason: dead } : null
  }

  const reloadNow = async (): Promise<void> => {
    const { accounts, unreadable } = await readAccountsInOrder(store, logger)
    const quotaProtection = deps.quotaProtection()
    const skipped = new Map<string, SkipDecision>()
    for (const account of accounts) {
      preparer.forgetStale(account)
      const cooldown = cooldowns.get(account.id)
      // A new refresh token means the user fixed the account: no reason to keep it resting.
      if (cooldown && cooldown.refreshToken !== account.token.refresh_token)
        cooldowns.delete(account.id)
      const decision = decide(account, quotaProtection)
      if (decision) skipped.set(account.id, decision)
    }
    const present = new Set(accounts.map((account) => account.id))
    for (const account of snapshot.accounts) {
      if (present.has(account.id)) continue
      cooldowns.delete(account.id)
      modelCooldowns.forget(account.id)
      preparer.forget(account.id)
    }
    const next: PoolSnapshot = { accounts, skipped, unreadable }
    logTransitions(snapshot, next, logger)
    snapshot = next
  }

  const pickNext = (tried: ReadonlySet<string>, model: string | null): AccountFile | null => {
    const { accounts, skipped } = snapshot
    for (let step = 0; step < accounts.length; step++) {
      const index = (cursor + step) % accounts.length
      const account = accounts[index]
      if (!account || skipped.has(account.id) || tried.has(account.id) || cooldownOf(account))
        continue
      if (modelCooldowns.isResting(account.id, model)) continue
      cursor = index + 1
      return account
    }
    return null
  }

  const nextServableAt = (model: string | null): number | null => {
    const now = clock.now()
    let soonest: number | null = null
    for (const account of snapshot.accounts) {
      if (snapshot.skipped.has(account.id)) continue
      const accountBack = cooldownOf(account)?.until ?? now
      const modelBack = model ? (modelCooldowns.restingUntil(account.id, model) ?? now) : now
      const back = Math.max(accountBack, modelBack)
      if (back <= now) return null
      soonest = soonest === null ? back : Math.min(soonest, back)
    }
    return soonest
  }

  const noAccountError = (model: string | null, lastFailure: string | null): NoAccountError => {
    const retryAt = nextServableAt(model)
    const afterFailure = lastFailure !== null
    if (model) {
      const eligible = snapshot.accounts
        .filter((account) => !snapshot.skipped.has(account.id) && !cooldownOf(account))
        .map((account) => account.id)
      const { count } = modelCooldowns.summary(eligible, model)
      if (count > 0 && count === eligible.length) {
        const wait = describeWait((retryAt ?? clock.now()) - clock.now())
        return new NoAccountError(
          `every account is resting for ${model} after Google refused it (rate limit or quota; next back in ${wait})`,
          { afterFailure, retryAt, restingForModel: true },
        )
      }
    }
    return new NoAccountError(describeNoAccount(allStandings(), clock.now(), lastFailure), {
      afterFailure,
      retryAt,
    })
  }

  return {
    reload: createCoalescedRunner(reloadNow),

    async acquire(options = {}) {
      const model = options.model ?? null
      const tried = new Set<string>(options.exclude)
      let lastFailure: string | null = null
      for (;;) {
        const account = pickNext(tried, model)
        if (!account) throw noAccountError(model, lastFailure)
        tried.add(account.id)
        const prepared = await preparer.prepare(account)
        if (prepared.ok) return prepared.lease
        lastFailure = prepared.failure
      }
    },

    reportUpstreamFailure(lease, failure, model) {
      const account = snapshot.accounts.find((item) => item.id === lease.accountId)
      if (!account) return
      // Refused before its expiry (revoked access, clock skew): the next use refreshes it.
      if (failure.invalidateToken) preparer.invalidate(account)
      if (failure.cooldownMs <= 0 || failure.scope === 'none') return
      const wait = describeWait(failure.cooldownMs)
      const why = `Google answered ${failure.status}${failure.reason ? ` ${failure.reason}` : ''}`
      if (failure.scope === 'model' && model) {
        modelCooldowns.rest(account.id, model, failure.cooldownMs, why)
        logger.warn(`Account ${account.email} rests ${wait} for ${model}: ${why}`, {
          account_id: account.id,
        })
        return
      }
      rest(account, failure.cooldownMs, why)
      logger.warn(`Account ${account.email} rests ${wait}: ${why}`, { account_id: account.id })
      deps.onChange('cooldown', account.id)
    },

    nextServableAt,
    list,
    counts: () => countStandings(allStandings()),
    size: () => countStandings(allStandings()).in_pool,
    quotaModels: () => [
      ...new Set(
        snapshot.accounts
          .filter((account) => !snapshot.skipped.has(account.id))
          .flatMap((account) => account.quota?.models?.map((model) => model.name) ?? []),
      ),
    ],
  }
}
