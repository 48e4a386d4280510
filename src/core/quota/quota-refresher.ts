import { clearValidationBlock, markValidationBlocked } from '../accounts/validation-block'
import type { QuotaRefreshOutcome, QuotaRefreshResultDto } from '../../shared/account-dto'
import type { AccountFile } from '../accounts/account-schema'
import type { AccountStore } from '../accounts/account-store'
import type {
  AvailableModelsAnswer,
  AvailableModelsClient,
} from '../google/available-models-client'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { Preparation, TokenPool } from '../pool/token-pool'
import { protectionRewrite } from '../pool/quota-protection'
import { validationRequiredOf } from '../pool/validation-required'
import type { QuotaProtectionSettings } from '../settings/settings-schema'
import type { Clock } from '../runtime/clock'
import { unixSeconds } from '../runtime/clock'
import { mapWithLimit } from '../runtime/map-with-limit'
import { createSingleFlight } from '../runtime/single-flight'
import { applyFetchedQuota, markQuotaForbidden } from './quota-rules'

/** Accounts checked at once by a refresh of all: enough to be quick, few enough to look human. */
export const QUOTA_REFRESH_CONCURRENCY = 4

export interface QuotaRefresher {
  /** Fetches one account's quota and stores it; never throws for Google's answers. */
  refreshOne(id: string): Promise<QuotaRefreshResultDto>
  /** Every account with live credentials, a bounded number at a time. */
  refreshAll(): Promise<QuotaRefreshResultDto[]>
  /**
   * Accounts just added or re-authorized, before the add answers and announces, so both show
   * their quota. A failure is logged, never the add's: the schedule tries again.
   */
  refreshAdded(ids: readonly string[]): Promise<void>
  /** No new fetches; resolves when those running have ended (their files written). */
  close(): Promise<void>
}

type Pool = Pick<TokenPool, 'leaseFor' | 'reportUpstreamFailure' | 'dto' | 'list'>

/**
 * Fetches `fetchAvailableModels` for accounts with a lease from the pool (so a due token is
 * refreshed the pool's way, and an `invalid_grant` disables the account exactly as in the proxy),
 * and writes the answer into the account file's `quota`. A 403 marks `is_forbidden`, which takes
 * the account out of the pool until a later fetch succeeds; a network failure or a 5xx changes
 * nothing and is reported.
 */
export function createQuotaRefresher(deps: {
  pool: Pool
  store: AccountStore
  client: AvailableModelsClient
  logger: Logger
  clock: Clock
  concurrency?: number
  /**
   * Quota protection as it stands: the families a new quota puts under the threshold go into the
   * same write (`protected_models`), instead of a second write once the pool has read the first.
   */
  quotaProtection?(): QuotaProtectionSettings
  /**
   * The file was written: the pool takes it in and, when `announce`, the change is announced (an
   * add announces once itself, its quota included).
   */
  onWritten(id: string, announce: boolean): void
  /** A refresh of all wrote these accounts' files: one announcement for the lot. */
  onBatchWritten(ids: readonly string[]): void
}): QuotaRefresher {
  const { pool, store, client, logger, clock } = deps
  const flights = createSingleFlight<QuotaRefreshResultDto>()
  const running = new Set<Promise<unknown>>()
  let closed = false

  const track = <T>(promise: Promise<T>): Promise<T> => {
    running.add(promise)
    void promise.finally(() => running.delete(promise)).catch(() => undefined)
    return promise
  }

  const result = (
    id: string,
    outcome: QuotaRefreshOutcome,
    error: string | null = null,
  ): QuotaRefreshResultDto => ({
    account_id: id,
    email: pool.dto(id)?.email ?? null,
    outcome,
    error,
    account: pool.dto(id) ?? null,
  })

  const fetchWithLease = async (
    id: string,
  ): Promise<{ lease: Preparation; answer: AvailableModelsAnswer | null }> => {
    // The check needs a token, not a project: an onboarding left for later stays for later.
    const lease = await pool.leaseFor(id, 'if-known')
    if (!lease.ok) return { lease, answer: null }
    return {
      lease,
      answer: await client.fetch(
        lease.lease.accessToken,
        lease.lease.projectId,
        lease.lease.proxyUrl,
      ),
    }
  }

  const refresh = async (id: string, announce: boolean): Promise<QuotaRefreshResultDto> => {
    const write = async (change: (stored: AccountFile) => AccountFile) => {
      await store.update(id, change)
      deps.onWritten(id, announce)
    }
    const before = pool.dto(id)
    if (!before) return result(id, 'skipped', 'no such account')
    let { lease, answer } = await fetchWithLease(id)
    if (lease.ok && answer?.kind === 'unauthorized') {
      // Refused before its expiry (revoked elsewhere, clock skew): a new token, one more try.
      pool.reportUpstreamFailure(
        lease.lease,
        {
          status: 401,
          reason: null,
          cooldownMs: 0,
          scope: 'none',
          invalidateToken: true,
          retryElsewhere: false,
          requestRefusal: false,
          validation: null,
          message: answer.message,
        },
        null,
      )
      ;({ lease, answer } = await fetchWithLease(id))
    }
    if (!lease.ok) {
      const disabled = pool.dto(id)?.pool_status === 'disabled'
      logger.warn(`Quota check of ${before.email} failed: ${lease.failure}`, { account_id: id })
      return result(id, disabled ? 'disabled' : 'failed', lease.failure)
    }
    const now = unixSeconds(clock)
    try {
      if (answer?.kind === 'quota') {
        const models = answer.models
        // Google answering for the account again is the end of a verification block too.
        await write((stored) => {
          const fetched = applyFetchedQuota(stored, models, now)
          const unblocked = clearValidationBlock(fetched) ?? fetched
          const protection = deps.quotaProtection?.()
          return (protection && protectionRewrite(unblocked, protection)) || unblocked
        })
        if (before.quota?.is_forbidden)
          logger.info(`Account ${before.email} passes the quota check again: back in the pool`)
        return result(id, 'refreshed')
      }
      const validation =
        answer?.kind === 'forbidden' ? validationRequiredOf(403, answer.body) : null
      if (validation) {
        // Not a ban: the user verifies the account with Google's link and it serves again.
        logger.warn(
          `Google asks to verify ${before.email} (quota check): ${validation.reason}; it rests until then`,
          { account_id: id },
        )
        await write((stored) => markValidationBlocked(stored, validation, now))
        return result(id, 'forbidden', `verification needed: ${validation.reason}`)
      }
      if (answer?.kind === 'forbidden') {
        const message = answer.message
        logger.warn(
          `Account ${before.email} is forbidden (403) by Google's quota check, taken out of the pool: ${message}`,
          { account_id: id },
        )
        await write((stored) => markQuotaForbidden(stored, message, now))
        return result(id, 'forbidden', message)
      }
    } catch (error) {
      const message = `could not save the quota: ${describeError(error)}`
      logger.error(`Quota check of ${before.email}: ${message}`, { account_id: id })
      return result(id, 'failed', message)
    }
    const message = answer?.message ?? 'no answer'
    logger.warn(`Quota check of ${before.email} failed: ${message}`, { account_id: id })
    return result(id, 'failed', message)
  }

  const refreshOne = (id: string, announce = true): Promise<QuotaRefreshResultDto> => {
    if (closed) return Promise.resolve(result(id, 'skipped', 'agtray is stopping'))
    // An on-demand check and a scheduled one of the same account share one call to Google.
    return track(flights.run(id, () => refresh(id, announce)))
  }

  return {
    refreshOne: (id) => refreshOne(id),
    async refreshAll() {
      const ids = pool.list().accounts.map((account) => account.id)
      const results = await mapWithLimit(
        ids,
        deps.concurrency ?? QUOTA_REFRESH_CONCURRENCY,
        (id) => {
          // Dead credentials would only be refused again; the user re-authorizes them.
          if (pool.dto(id)?.pool_status === 'disabled')
            return Promise.resolve(result(id, 'skipped', 'disabled: re-authorize it first'))
          // Hundreds of accounts would otherwise send hundreds of whole lists to every window.
          return refreshOne(id, false)
        },
      )
      const written = results
        .filter((r) => r.outcome === 'refreshed' || r.outcome === 'forbidden')
        .map((r) => r.account_id)
      if (written.length > 0) deps.onBatchWritten(written)
      // The results were taken as each check ended: give the accounts as they stand now.
      return results.map((r) => ({ ...r, account: pool.dto(r.account_id) ?? null }))
    },
    async refreshAdded(ids) {
      await mapWithLimit(ids, deps.concurrency ?? QUOTA_REFRESH_CONCURRENCY, (id) =>
        refreshOne(id, false).catch((error: unknown) => {
          logger.error(`Quota check of ${id} failed: ${describeError(error)}`)
        }),
      )
    },
    async close() {
      closed = true
      await Promise.allSettled([...running])
    },
  }
}
