import type { AccountListDto } from '../../shared/account-dto'
import type { AccountsChangedReason } from '../../shared/core-events'
import type { PoolCountsDto } from '../../shared/proxy-status-dto'
import { toAccountDto } from '../accounts/account-dto-mapper'
import {
  applyRefreshedToken,
  invalidGrantReason,
  markDisabled,
  withProjectId,
} from '../accounts/account-rules'
import type { AccountFile } from '../accounts/account-schema'
import type { AccountStore } from '../accounts/account-store'
import type { CloudCodeClient } from '../google/cloud-code-client'
import type { GoogleAuthError } from '../google/google-auth-error'
import { toGoogleAuthError } from '../google/google-auth-error'
import type { GoogleOAuth } from '../google/google-oauth'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { Clock } from '../runtime/clock'
import { createCoalescedRunner } from '../runtime/coalesced-runner'
import { createSingleFlight } from '../runtime/single-flight'
import type { QuotaProtectionSettings } from '../settings/settings-schema'
import type { SkipDecision } from './pool-eligibility'
import { poolSkipDecision } from './pool-eligibility'
import type { Cooldown, PoolSnapshot } from './pool-snapshot'
import { emptySnapshot, poolStatusOf, withSkip } from './pool-snapshot'
import type { AccountStanding } from './pool-summary'
import { countStandings, describeNoAccount } from './pool-summary'

/** An account picked for one request, with a token valid for at least the refresh margin. */
export interface Lease {
  accountId: string
  email: string
  accessToken: string
  projectId: string
}

export class NoAccountError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NoAccountError'
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

export interface TokenPool {
  /** Re-reads the account files and swaps the pool; resolves after a read that began after the call. */
  reload(): Promise<void>
  acquire(): Promise<Lease>
  list(): AccountListDto
  counts(): PoolCountsDto
  /** Accounts that may serve right now. */
  size(): number
}

/** Refresh an access token when it expires within this many seconds. */
export const REFRESH_MARGIN_SECONDS = 300
/** How long an account rests after a refresh failed for a reason other than invalid_grant. */
export const TRANSIENT_COOLDOWN_MS = 30_000

interface FreshToken {
  refreshToken: string
  accessToken: string
  expiryTimestamp: number
}

interface RuntimeCooldown extends Cooldown {
  refreshToken: string
}

type Preparation = { ok: true; lease: Lease } | { ok: false; failure: string }

export function createTokenPool(deps: TokenPoolDeps): TokenPool {
  const { store, oauth, cloudCode, logger, clock } = deps
  let snapshot: PoolSnapshot = emptySnapshot
  let cursor = 0
  const freshTokens = new Map<string, FreshToken>()
  const projectIds = new Map<string, string>()
  const cooldowns = new Map<string, RuntimeCooldown>()
  // Refresh tokens Google called invalid_grant during this run: never sent again, even if the
  // disabled flag could not be written or a stale read brings the account back.
  const deadRefreshTokens = new Map<string, string>()
  const flights = createSingleFlight<Preparation>()
  const nowSeconds = (): number => Math.floor(clock.now() / 1000)

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

  const forgetStaleRuntimeState = (account: AccountFile): void => {
    const fresh = freshTokens.get(account.id)
    if (
      fresh &&
      (fresh.refreshToken !== account.token.refresh_token ||
        (account.token.expiry_timestamp ?? 0) >= fresh.expiryTimestamp)
    ) {
      freshTokens.delete(account.id)
    }
    const cooldown = cooldowns.get(account.id)
    // A new refresh token means the user fixed the account: no reason to keep it resting.
    if (cooldown && cooldown.refreshToken !== account.token.refresh_token)
      cooldowns.delete(account.id)
    if (account.token.project_id) projectIds.delete(account.id)
  }

  const decide = (
    account: AccountFile,
    quotaProtection: QuotaProtectionSettings,
  ): SkipDecision | null => {
    const stored = poolSkipDecision(account, quotaProtection)
    if (stored) return stored
    const dead = deadRefreshTokens.get(account.token.refresh_token)
    return dead ? { kind: 'disabled', reason: dead } : null
  }

  const logTransitions = (previous: PoolSnapshot, next: PoolSnapshot): void => {
    const known = new Set(previous.accounts.map((account) => account.id))
    for (const account of next.accounts) {
      const before = previous.skipped.get(account.id)
      const after = next.skipped.get(account.id)
      if (after && (before?.kind !== after.kind || before.reason !== after.reason)) {
        logger.info(`Skipping ${after.kind} account ${account.email}: ${after.reason}`, {
          account_id: account.id,
        })
      } else if (!after && before && known.has(account.id)) {
        logger.info(`Account ${account.email} is back in the pool`, { account_id: account.id })
      }
    }
    const seen = new Map(previous.unreadable.map((entry) => [entry.id, entry.error]))
    for (const entry of next.unreadable) {
      if (seen.get(entry.id) === entry.error) continue
      logger.warn(
        `Account file ${entry.file} cannot be read (${entry.error}); skipped and left untouched`,
      )
    }
  }

  const reloadNow = async (): Promise<void> => {
    const scan = await store.scan()
    const repair = await store.syncIndex(scan)
    for (const note of repair.notes) logger.warn(note)
    const byId = new Map(scan.accounts.map((account) => [account.id, account]))
    const ordered: AccountFile[] = []
    for (const entry of repair.index.accounts) {
      const account = byId.get(entry.id)
      if (account) ordered.push(account)
    }
    const quotaProtection = deps.quotaProtection()
    const skipped = new Map<string, SkipDecision>()
    for (const account of ordered) {
      forgetStaleRuntimeState(account)
      const decision = decide(account, quotaProtection)
      if (decision) skipped.set(account.id, decision)
    }
    const present = new Set(ordered.map((account) => account.id))
    for (const runtime of [freshTokens, projectIds, cooldowns]) {
      for (const id of runtime.keys()) if (!present.has(id)) runtime.delete(id)
    }
    const next: PoolSnapshot = { accounts: ordered, skipped, unreadable: scan.unreadable }
    logTransitions(snapshot, next)
    snapshot = next
  }

  const reload = createCoalescedRunner(reloadNow)

  const pickNext = (tried: ReadonlySet<string>): AccountFile | null => {
    const { accounts, skipped } = snapshot
    for (let step = 0; step < accounts.length; step++) {
      const index = (cursor + step) % accounts.length
      const account = accounts[index]
      if (!account || skipped.has(account.id) || tried.has(account.id) || cooldownOf(account))
        continue
      cursor = index + 1
      return account
    }
    return null
  }

  const usableToken = (account: AccountFile): FreshToken | null => {
    const fresh = freshTokens.get(account.id)
    const token =
      fresh && fresh.refreshToken === account.token.refresh_token
        ? fresh
        : {
            refreshToken: account.token.refresh_token,
            accessToken: account.token.access_token,
            expiryTimestamp: account.token.expiry_timestamp ?? 0,
          }
    const valid =
      token.accessToken !== '' && token.expiryTimestamp - nowSeconds() > REFRESH_MARGIN_SECONDS
    return valid ? token : null
  }

  const leaseFor = (account: AccountFile, token: FreshToken, projectId: string): Lease => ({
    accountId: account.id,
    email: account.email,
    accessToken: token.accessToken,
    projectId,
  })

  /** Writes to the account file only if it still holds the refresh token the change is about. */
  const persist = async (
    account: AccountFile,
    what: string,
    change: (stored: AccountFile) => AccountFile,
  ): Promise<void> => {
    try {
      const updated = await store.update(account.id, (stored) =>
        stored.token.refresh_token === account.token.refresh_token ? change(stored) : null,
      )
      // The index mirrors `disabled` too (the reference left it stale).
      if (what === 'disabled state') await store.upsertIndexEntry(updated)
    } catch (error) {
      logger.error(`Could not save the ${what} of ${account.email}: ${describeError(error)}`)
    }
  }

  const failRefresh = async (
    account: AccountFile,
    error: GoogleAuthError,
  ): Promise<Preparation> => {
    logger.warn(`Token refresh failed (${account.email}): ${error.message}, trying next account`, {
      account_id: account.id,
    })
    if (error.kind === 'invalid_grant') {
      logger.warn(
        `Disabling account due to invalid_grant (${account.email}): refresh_token likely revoked/expired`,
        { account_id: account.id },
      )
      const reason = invalidGrantReason(error.detail)
      deadRefreshTokens.set(account.token.refresh_token, reason)
      snapshot = withSkip(snapshot, account.id, { kind: 'disabled', reason })
      await persist(account, 'disabled state', (stored) =>
        markDisabled(stored, reason, nowSeconds()),
      )
      deps.onChange('disabled', account.id)
      return { ok: false, failure: `token refresh failed: ${error.message}` }
    }
    cooldowns.set(account.id, {
      until: clock.now() + TRANSIENT_COOLDOWN_MS,
      reason: `token refresh failed: ${error.message}`,
      refreshToken: account.token.refresh_token,
    })
    deps.onChange('updated', account.id)
    return { ok: false, failure: `token refresh failed: ${error.message}` }
  }

  const prepareSlow = async (account: AccountFile): Promise<Preparation> => {
    let token = usableToken(account)
    if (!token) {
      try {
        const refreshed = await oauth.refresh(account.token.refresh_token)
        const now = nowSeconds()
        token = {
          refreshToken: account.token.refresh_token,
          accessToken: refreshed.access_token,
          expiryTimestamp: now + refreshed.expires_in,
        }
        freshTokens.set(account.id, token)
        logger.info(`Refreshed the access token of ${account.email}`, { account_id: account.id })
        await persist(account, 'refreshed token', (stored) =>
          applyRefreshedToken(stored, refreshed, now),
        )
      } catch (error) {
        return failRefresh(account, toGoogleAuthError(error))
      }
    }
    let projectId = account.token.project_id || projectIds.get(account.id)
    if (!projectId) {
      try {
        projectId = (await cloudCode.loadCodeAssist(token.accessToken)).projectId
        projectIds.set(account.id, projectId)
        const found = projectId
        await persist(account, 'project id', (stored) => withProjectId(stored, found))
      } catch (error) {
        const failure = `could not find its Cloud Code project: ${describeError(error)}`
        logger.warn(`Account ${account.email} ${failure}, trying next account`, {
          account_id: account.id,
        })
        cooldowns.set(account.id, {
          until: clock.now() + TRANSIENT_COOLDOWN_MS,
          reason: failure,
          refreshToken: account.token.refresh_token,
        })
        deps.onChange('updated', account.id)
        return { ok: false, failure }
      }
    }
    return { ok: true, lease: leaseFor(account, token, projectId) }
  }

  const prepare = (account: AccountFile): Promise<Preparation> | Preparation => {
    const token = usableToken(account)
    const projectId = account.token.project_id || projectIds.get(account.id)
    if (token && projectId) return { ok: true, lease: leaseFor(account, token, projectId) }
    // Everyone waiting on this account shares one refresh: Google sees one call, not fifty.
    return flights.run(`${account.id}\u0000${account.token.refresh_token}`, () =>
      prepareSlow(account),
    )
  }

  return {
    reload,
    async acquire() {
      const tried = new Set<string>()
      let lastFailure: string | null = null
      for (;;) {
        const account = pickNext(tried)
        if (!account)
          throw new NoAccountError(describeNoAccount(allStandings(), clock.now(), lastFailure))
        tried.add(account.id)
        const prepared = await prepare(account)
        if (prepared.ok) return prepared.lease
        lastFailure = prepared.failure
      }
    },
    list,
    counts: () => countStandings(allStandings()),
    size: () => countStandings(allStandings()).in_pool,
  }
}
