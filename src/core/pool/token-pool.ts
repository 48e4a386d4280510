import type { AccountDto, AccountListDto } from '../../shared/account-dto'
import type { AccountsChangedReason } from '../../shared/core-events'
import type { PoolCountsDto } from '../../shared/proxy-status-dto'
import type { AccountFile } from '../accounts/account-schema'
import type { AccountStore } from '../accounts/account-store'
import type { CloudCodeClient } from '../google/cloud-code-client'
import type { GoogleOAuth } from '../google/google-oauth'
import type { Logger } from '../logging/logger'
import type { Clock } from '../runtime/clock'
import { createCoalescedRunner } from '../runtime/coalesced-runner'
import type { Timers } from '../runtime/timers'
import { systemTimers } from '../runtime/timers'
import { describeWait } from '../runtime/wait-time'
import type { QuotaProtectionSettings, SchedulingSettings } from '../settings/settings-schema'
import type { Lease, Preparation, ProjectNeed } from './account-preparer'
import { createAccountPreparer } from './account-preparer'
import { createModelCooldowns } from './model-cooldowns'
import type { AccountFileChanges } from './accounts-watcher'
import type { Cooldown } from './account-list-view'
import { createAccountActivity } from './account-activity'
import { createAccountListView, sameAccountList } from './account-list-view'
import { poolSkipDecision } from './pool-eligibility'
import { createPoolRoster } from './pool-roster'
import { createPoolAvailability } from './pool-availability'
import { createPoolSync } from './pool-sync'
import { createRankedCandidates, rankingInputs } from './account-ranking'
import { createAccountPicker } from './account-picker'
import { createPoolProtection } from './pool-protection'
import { createFamilyLookup } from './quota-protection'
import { createSessionBindings } from './session-bindings'
import { createValidationBlocks } from './validation-blocks'
import type { UpstreamFailure } from './upstream-failure'

export type { Lease, Preparation } from './account-preparer'
export { REFRESH_MARGIN_SECONDS } from './account-preparer'

export type { NoAccountDetails } from './pool-availability'
export { NoAccountError } from './pool-availability'

export interface TokenPoolDeps {
  store: AccountStore
  oauth: GoogleOAuth
  cloudCode: CloudCodeClient
  /** Backoff between polls of an onboarding (default: real timers). */
  timers?: Timers
  logger: Logger
  clock: Clock
  quotaProtection(): QuotaProtectionSettings
  /** Read on every acquire, so a change applies to the next request; balanced when not given. */
  scheduling?(): PoolScheduling
  /** [0, 1), for the power of two choices; Math.random when not given (tests inject their own). */
  random?(): number
  /** Runtime changes the files do not show at once: an account disabled or resting mid-request. */
  onChange(reason: AccountsChangedReason, accountId: string | null): void
}

export interface AcquireOptions {
  /** The Cloud Code model the request is for: accounts resting for it are passed over. */
  model?: string | null
  /** Accounts this request already tried. */
  exclude?: ReadonlySet<string>
  /** The conversation (see conversation-session-id.ts): in balanced mode it stays on its account. */
  sessionId?: string | null
}

export interface TokenPool {
  /** Re-reads every account file and the index; resolves after a read that began after the call. */
  reload(): Promise<void>
  /**
   * Re-reads only the files the watcher saw change (and the index when it did); a version agtray
   * wrote itself is recognised without parsing. Announces `reloaded` when the list changed.
   */
  applyFileChanges(changes: AccountFileChanges): Promise<void>
  /** Takes in what agtray itself just wrote to (or removed from) these account files: no reads. */
  applyWritten(ids: readonly string[]): void
  /** Decides every account's standing again (the settings changed); true if any moved. */
  reconsider(): boolean
  acquire(options?: AcquireOptions): Promise<Lease>
  /**
   * A lease on this very account whatever its standing, except dead credentials: the quota check
   * asks for accounts out of the pool too. Refreshes like `acquire`, so an `invalid_grant` here
   * disables the account the same way.
   */
  /** A lease for this account; see AccountPreparer.prepare for `project`. */
  leaseFor(id: string, project?: ProjectNeed): Promise<Preparation>
  /** What Google's answer to a lease says about its account: rest it, or refresh its token. */
  reportUpstreamFailure(lease: Lease, failure: UpstreamFailure, model: string | null): void
  /** Google served the lease: a verification block on its account is over (see validation-blocks). */
  reportSuccess(lease: Lease): void
  /**
   * When the first account that may serve `model` is back from its rest (account or model
   * cooldown), in clock milliseconds; null when one may serve now, or none will come back by
   * itself (no accounts, all disabled).
   */
  nextServableAt(model: string | null): number | null
  /** Built once per change and shared until the next: callers must not change it. */
  list(): AccountListDto
  /** One account as the list shows it; undefined when the pool does not hold it. */
  dto(id: string): AccountDto | undefined
  counts(): PoolCountsDto
  /** Accounts that may serve right now. */
  size(): number
  /** The model families quota protection keeps the account off (empty when protection is off). */
  protectedFamiliesOf(id: string): readonly string[]
  /** How many conversations are bound to the account. */
  sessionBindingsOf(id: string): number
  /** Model ids the stored quota of accounts in the pool lists (empty until quotas are fetched). */
  quotaModels(): string[]
}

/** How long an account rests after a refresh failed for a reason other than invalid_grant. */
export const TRANSIENT_COOLDOWN_MS = 30_000

interface RuntimeCooldown extends Cooldown {
  refreshToken: string
  /** Rests for a verification block: over as soon as the file says the block is. */
  validation?: boolean
}

/** What of the scheduling settings selection reads (waiting is the forwarder's). */
export type PoolScheduling = Pick<SchedulingSettings, 'mode' | 'fixed_account_id'>

const BALANCED: PoolScheduling = { mode: 'balanced', fixed_account_id: null }

/**
 * The accounts that may serve, and which serves a request: the conversation's account, the fixed
 * one, or the better of two of the best ranked (see the README's "Which account serves"). The files are the source of truth: the pool follows
 * them one file at a time (see PoolSync), and a request in flight keeps the account it holds.
 */
export function createTokenPool(deps: TokenPoolDeps): TokenPool {
  const { store, logger, clock } = deps
  const roster = createPoolRoster()
  const cooldowns = new Map<string, RuntimeCooldown>()
  const modelCooldowns = createModelCooldowns(clock)
  const activity = createAccountActivity(clock, modelCooldowns)
  const random = deps.random ?? Math.random
  const bindings = createSessionBindings(clock)
  const familyOf = createFamilyLookup()
  const protection = createPoolProtection({
    store,
    logger,
    settings: deps.quotaProtection,
    // A conversation on an account that may no longer serve its family moves on.
    onChanged: (id) => bindings.dropAccount(id),
    onWritten(id) {
      const before = view.dto(id)
      sync.takeWritten([id])
      const after = view.dto(id)
      if (after && JSON.stringify(before) !== JSON.stringify(after)) deps.onChange('updated', id)
    },
  })

  const isProtected = (account: AccountFile, model: string | null): boolean =>
    model !== null && protection.isProtected(account.id, familyOf(model))

  const activeCooldown = (id: string, now: number): RuntimeCooldown | undefined => {
    const cooldown = cooldowns.get(id)
    return cooldown && cooldown.until > now ? cooldown : undefined
  }

  const view = createAccountListView({
    roster,
    cooldownOf: activeCooldown,
    clock,
    protectedFamiliesOf: (id) => protection.familiesOf(id),
    sessionBindingsOf: (id) => bindings.countFor(id),
    activityOf: (id) => activity.of(id),
    extrasVersion: () =>
      (protection.version * 1_000_003 + bindings.version) * 1_000_003 + activity.version,
  })

  // What each account's ranking read last time: a new version of a file that reads the same
  // (a refreshed token) leaves the ranking as it is.
  const rankedInputs = new Map<string, string>()
  let inputsVersion = 0
  const noteRankingInputs = (account: AccountFile): void => {
    const inputs = rankingInputs(account)
    if (rankedInputs.get(account.id) === inputs) return
    rankedInputs.set(account.id, inputs)
    inputsVersion++
  }
  const ranked = createRankedCandidates({
    eligible: () => roster.eligible(),
    // Each only grows, so their sum grows whenever any of them does.
    version: () => roster.eligibleVersion + inputsVersion + protection.version,
    isProtected: (account, family) => protection.isProtected(account.id, family),
    familyOf,
  })

  const rest = (account: AccountFile, ms: number, reason: string, validation = false): void => {
    cooldowns.set(account.id, {
      until: clock.now() + ms,
      reason,
      refreshToken: account.token.refresh_token,
      ...(validation ? { validation } : {}),
    })
    bindings.dropAccount(account.id)
    view.cooldownsChanged()
  }

  const preparer = createAccountPreparer({
    store,
    oauth: deps.oauth,
    cloudCode: deps.cloudCode,
    timers: deps.timers ?? systemTimers,
    logger,
    clock,
    onDisabled(account, reason) {
      roster.setSkip(account.id, { kind: 'disabled', reason })
      bindings.dropAccount(account.id)
      deps.onChange('disabled', account.id)
    },
    onTransientFailure(account, reason) {
      rest(account, TRANSIENT_COOLDOWN_MS, reason)
      deps.onChange('cooldown', account.id)
    },
    onWritten: (account) => takeOwnWrite(account.id),
  })

  const validationBlocks = createValidationBlocks({
    store,
    logger,
    clock,
    onWritten: (account) => takeOwnWrite(account.id),
  })

  /** A file the pool itself wrote: taken in, and announced when the account's DTO changed. */
  function takeOwnWrite(id: string): void {
    const before = view.dto(id)
    sync.takeWritten([id])
    const after = view.dto(id)
    if (after && JSON.stringify(before) !== JSON.stringify(after)) deps.onChange('updated', id)
  }

  const sync = createPoolSync({
    store,
    roster,
    logger,
    decide(account) {
      noteRankingInputs(account)
      protection.decide(account)
      const dead = preparer.deadReason(account.token.refresh_token)
      const skip = poolSkipDecision(account) ?? (dead ? { kind: 'disabled', reason: dead } : null)
      if (skip) bindings.dropAccount(account.id)
      return skip
    },
    onLoaded(account) {
      preparer.forgetStale(account)
      const cooldown = cooldowns.get(account.id)
      // A new refresh token means the user fixed the account: no reason to keep it resting; nor
      // when the verification block it rested for was cleared (a quota fetch succeeded).
      const unblocked = cooldown?.validation === true && account.validation_blocked !== true
      if (cooldown && (cooldown.refreshToken !== account.token.refresh_token || unblocked)) {
        cooldowns.delete(account.id)
        view.cooldownsChanged()
      }
      // A block read from the file (after a restart, or another app's) keeps it out until then.
      const blockedForMs = validationBlocks.restFromFile(account)
      if (blockedForMs > 0 && !activeCooldown(account.id, clock.now()))
        rest(account, blockedForMs, 'Google asks to verify this account', true)
    },
    onGone(id) {
      if (cooldowns.delete(id)) view.cooldownsChanged()
      modelCooldowns.forget(id)
      activity.forget(id)
      preparer.forget(id)
      bindings.dropAccount(id)
      protection.forget(id)
      rankedInputs.delete(id)
    },
  })

  // Full reloads and watcher batches run one at a time; what arrives meanwhile forms the next batch.
  const pending = { full: false, index: false, ids: new Set<string>() }
  const runPending = createCoalescedRunner(async () => {
    const { full, index, ids } = pending
    pending.full = false
    pending.index = false
    pending.ids = new Set()
    try {
      const changes = full ? null : await sync.readChanges([...ids], index)
      // Most batches are agtray's own writes coming back: nothing to apply, nothing to compare.
      if (!full && !changes) return
      const before = view.list()
      if (changes) await sync.applyChanges(changes)
      else await sync.loadAll()
      if (!sameAccountList(before, view.list())) deps.onChange('reloaded', null)
    } catch (error) {
      // The files read so far are taken in; the index's order is tried again with the next batch.
      pending.index = true
      throw error
    }
  })

  const pickNext = createAccountPicker({
    roster,
    ranked,
    bindings,
    familyOf,
    clock,
    random,
    isProtected,
    isResting: (id, model, now) =>
      activeCooldown(id, now) !== undefined || modelCooldowns.isResting(id, model),
  })

  const { nextServableAt, noAccountError } = createPoolAvailability({
    roster,
    cooldownOf: activeCooldown,
    modelCooldowns,
    clock,
    isProtected,
  })

  let quotaModels: { version: number; models: string[] } | null = null

  return {
    reload() {
      pending.full = true
      return runPending()
    },
    applyFileChanges(changes) {
      if (changes.everything) pending.full = true
      if (changes.index) pending.index = true
      for (const id of changes.ids) pending.ids.add(id)
      return runPending()
    },
    applyWritten: (ids) => sync.takeWritten(ids),
    reconsider() {
      const before = roster.version
      const protectionBefore = protection.version
      sync.redecideAll()
      return roster.version !== before || protection.version !== protectionBefore
    },

    async acquire(options = {}) {
      const model = options.model ?? null
      const scheduling = deps.scheduling?.() ?? BALANCED
      // Per family: a conversation's Claude turns and its Flash side requests may need different
      // accounts, and one moving must not move the other.
      const sessionKey =
        scheduling.mode === 'balanced' && options.sessionId
          ? `${model ? familyOf(model) : ''}\n${options.sessionId}`
          : null
      const tried = new Set<string>(options.exclude)
      let lastFailure: string | null = null
      for (;;) {
        const account = pickNext(tried, model, scheduling, sessionKey)
        if (!account) throw noAccountError(model, lastFailure)
        tried.add(account.id)
        const prepared = await preparer.prepare(account)
        if (prepared.ok) {
          if (sessionKey) bindings.bind(sessionKey, account.id)
          activity.leased(account.id)
          return prepared.lease
        }
        if (prepared.fatal) throw prepared.fatal
        lastFailure = prepared.failure
      }
    },

    async leaseFor(id, project) {
      const account = roster.get(id)
      if (!account) return { ok: false, failure: 'the pool does not hold this account' }
      const skip = roster.skipOf(id)
      if (skip?.kind === 'disabled') return { ok: false, failure: `disabled: ${skip.reason}` }
      return preparer.prepare(account, project)
    },

    reportUpstreamFailure(lease, failure, model) {
      activity.failed(lease.accountId)
      const account = roster.get(lease.accountId)
      if (!account) return
      // Refused before its expiry (revoked access, clock skew): the next use refreshes it.
      if (failure.invalidateToken) preparer.invalidate(account)
      if (failure.validation) void validationBlocks.block(account, failure.validation)
      if (failure.cooldownMs <= 0 || failure.scope === 'none') return
      const wait = describeWait(failure.cooldownMs)
      const why = `Google answered ${failure.status}${failure.reason ? ` ${failure.reason}` : ''}`
      if (failure.scope === 'model' && model) {
        modelCooldowns.rest(account.id, model, failure.cooldownMs, why)
        bindings.dropAccount(account.id, `${familyOf(model)}\n`)
        logger.warn(`Account ${account.email} rests ${wait} for ${model}: ${why}`, {
          account_id: account.id,
        })
        return
      }
      rest(account, failure.cooldownMs, why, failure.validation !== null)
      logger.warn(`Account ${account.email} rests ${wait}: ${why}`, { account_id: account.id })
      deps.onChange('cooldown', account.id)
    },

    reportSuccess(lease) {
      activity.served(lease.accountId)
      const account = roster.get(lease.accountId)
      if (account?.validation_blocked === true) void validationBlocks.clear(account.id)
    },

    nextServableAt,
    list: () => view.list(),
    dto: (id) => view.dto(id),
    counts: () => view.counts(),
    size: () => view.counts().in_pool,
    protectedFamiliesOf: (id) => protection.familiesOf(id),
    sessionBindingsOf: (id) => bindings.countFor(id),
    quotaModels() {
      if (quotaModels?.version !== roster.version) {
        const names = roster
          .eligible()
          .flatMap((account) => account.quota?.models?.map((model) => model.name) ?? [])
        quotaModels = { version: roster.version, models: [...new Set(names)] }
      }
      return quotaModels.models
    },
  }
}
