import {
  applyRefreshedToken,
  invalidGrantReason,
  markDisabled,
  setProxyDisabled,
  withProjectId,
  withSubscriptionTier,
} from '../accounts/account-rules'
import type { AgtrayError } from '../agtray-error'
import { isAgtrayError } from '../agtray-error'
import type { AccountFile } from '../accounts/account-schema'
import type { AccountStore } from '../accounts/account-store'
import type { CloudCodeClient } from '../google/cloud-code-client'
import type { GoogleAuthError } from '../google/google-auth-error'
import { toGoogleAuthError } from '../google/google-auth-error'
import type { GoogleOAuth } from '../google/google-oauth'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import { createProjectSetup } from '../google/project-setup'
import type { Clock } from '../runtime/clock'
import { createSingleFlight } from '../runtime/single-flight'
import type { Timers } from '../runtime/timers'

/** An account picked for one request, with a token valid for at least the refresh margin. */
export interface Lease {
  accountId: string
  email: string
  accessToken: string
  projectId: string
}

/**
 * `fatal`: no account can serve, whichever is tried (Google refuses the client's version); the
 * request ends with this error and the account is left as it is.
 */
export type Preparation =
  { ok: true; lease: Lease } | { ok: false; failure: string; fatal?: AgtrayError }

/** Refresh an access token when it expires within this many seconds. */
export const REFRESH_MARGIN_SECONDS = 300

interface FreshToken {
  refreshToken: string
  accessToken: string
  expiryTimestamp: number
}

export type ProjectNeed = 'required' | 'if-known'

export interface AccountPreparer {
  /**
   * A lease for the account: at once when its token and project are known, else after one shared
   * refresh. `if-known` leaves the project as it is (`''` when unknown) instead of looking it up
   * or onboarding: for calls that need only the token, such as the quota check.
   */
  prepare(account: AccountFile, project?: ProjectNeed): Promise<Preparation> | Preparation
  /** Why this refresh token is known dead in this run (invalid_grant), if it is. */
  deadReason(refreshToken: string): string | undefined
  /** The token was refused before its expiry: refresh it on next use. */
  invalidate(account: AccountFile): void
  /** Drops what memory holds that the account file now contradicts (a new token, a project id). */
  forgetStale(account: AccountFile): void
  forget(accountId: string): void
}

/**
 * Turns an account into a lease: refreshes its access token when it expires within five minutes
 * (one refresh in flight per account, shared by every waiting request), writes the new token
 * back, finds its Cloud Code project once. A refresh answered `invalid_grant` disables the
 * account (file and pool); any other failure only rests it.
 */
export function createAccountPreparer(deps: {
  store: AccountStore
  oauth: GoogleOAuth
  cloudCode: CloudCodeClient
  /** Backoff between polls of an onboarding. */
  timers: Timers
  logger: Logger
  clock: Clock
  onDisabled(account: AccountFile, reason: string): Promise<void> | void
  onTransientFailure(account: AccountFile, reason: string): void
  /** A change was saved to the account's file (the store remembers the version written). */
  onWritten(account: AccountFile): void
}): AccountPreparer {
  const { store, oauth, logger, clock } = deps
  const projectSetup = createProjectSetup({ cloudCode: deps.cloudCode, timers: deps.timers })
  const freshTokens = new Map<string, FreshToken>()
  const projectIds = new Map<string, string>()
  // Refresh tokens Google called invalid_grant during this run: never sent again, even if the
  // disabled flag could not be written or a stale read brings the account back.
  const deadRefreshTokens = new Map<string, string>()
  const flights = createSingleFlight<Preparation>()
  const nowSeconds = (): number => Math.floor(clock.now() / 1000)

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
  ) => {
    try {
      const updated = await store.update(account.id, (stored) =>
        stored.token.refresh_token === account.token.refresh_token ? change(stored) : null,
      )
      deps.onWritten(updated)
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
    const failure = `token refresh failed: ${error.message}`
    if (error.kind !== 'invalid_grant') {
      deps.onTransientFailure(account, failure)
      return { ok: false, failure }
    }
    logger.warn(
      `Disabling account due to invalid_grant (${account.email}): refresh_token likely revoked/expired`,
      {
        account_id: account.id,
      },
    )
    const reason = invalidGrantReason(error.detail)
    deadRefreshTokens.set(account.token.refresh_token, reason)
    await deps.onDisabled(account, reason)
    await persist(account, 'disabled state', (stored) => markDisabled(stored, reason, nowSeconds()))
    return { ok: false, failure }
  }

  const refresh = async (account: AccountFile): Promise<FreshToken | Preparation> => {
    try {
      const refreshed = await oauth.refresh(account.token.refresh_token)
      const now = nowSeconds()
      const token = {
        refreshToken: account.token.refresh_token,
        accessToken: refreshed.access_token,
        expiryTimestamp: now + refreshed.expires_in,
      }
      freshTokens.set(account.id, token)
      logger.info(`Refreshed the access token of ${account.email}`, { account_id: account.id })
      await persist(account, 'refreshed token', (stored) =>
        applyRefreshedToken(stored, refreshed, now),
      )
      return token
    } catch (error) {
      return failRefresh(account, toGoogleAuthError(error))
    }
  }

  /**
   * Finds (or onboards) the account's Cloud Code project once and stores it with the tier. An
   * account Google will not onboard is taken out of the proxy with a reason saying what to do;
   * its token is fine, so it is not `disabled`. No request ever goes out with a made-up project.
   */
  const findProject = async (
    account: AccountFile,
    token: FreshToken,
  ): Promise<string | Preparation> => {
    try {
      const setup = await projectSetup.ensureProject(token.accessToken)
      if (setup.kind === 'cannot-onboard') {
        logger.warn(`Account ${account.email}: ${setup.reason}`, { account_id: account.id })
        await persist(account, 'proxy state', (stored) =>
          setProxyDisabled(
            withSubscriptionTier(stored, setup.tier),
            true,
            setup.reason,
            nowSeconds(),
          ),
        )
        return { ok: false, failure: setup.reason }
      }
      if (setup.onboarded)
        logger.info(`Onboarded ${account.email} to Antigravity (project ${setup.projectId})`, {
          account_id: account.id,
        })
      projectIds.set(account.id, setup.projectId)
      await persist(account, 'project id', (stored) =>
        withSubscriptionTier(withProjectId(stored, setup.projectId), setup.tier),
      )
      return setup.projectId
    } catch (error) {
      if (isAgtrayError(error) && error.code === 'client_outdated') {
        logger.warn(error.message)
        return { ok: false, failure: error.message, fatal: error }
      }
      const failure = `could not find its Cloud Code project: ${describeError(error)}`
      logger.warn(`Account ${account.email} ${failure}, trying next account`, {
        account_id: account.id,
      })
      deps.onTransientFailure(account, failure)
      return { ok: false, failure }
    }
  }

  const prepareSlow = async (account: AccountFile, project: ProjectNeed): Promise<Preparation> => {
    const token = usableToken(account) ?? (await refresh(account))
    if ('ok' in token) return token
    const known = account.token.project_id || projectIds.get(account.id)
    const projectId = known || (project === 'if-known' ? '' : await findProject(account, token))
    if (typeof projectId !== 'string') return projectId
    return { ok: true, lease: leaseFor(account, token, projectId) }
  }

  return {
    prepare(account, project = 'required') {
      const token = usableToken(account)
      const projectId = account.token.project_id || projectIds.get(account.id)
      if (token && (projectId || project === 'if-known'))
        return { ok: true, lease: leaseFor(account, token, projectId || '') }
      // Everyone waiting on this account shares one refresh: Google sees one call, not fifty.
      return flights.run(`${account.id}\u0000${account.token.refresh_token}\u0000${project}`, () =>
        prepareSlow(account, project),
      )
    },
    deadReason: (refreshToken) => deadRefreshTokens.get(refreshToken),
    invalidate(account) {
      freshTokens.set(account.id, {
        refreshToken: account.token.refresh_token,
        accessToken: '',
        expiryTimestamp: 0,
      })
    },
    forgetStale(account) {
      const fresh = freshTokens.get(account.id)
      const fileIsNewer = (account.token.expiry_timestamp ?? 0) >= (fresh?.expiryTimestamp ?? 0)
      if (
        fresh &&
        (fresh.refreshToken !== account.token.refresh_token ||
          (fileIsNewer && fresh.accessToken !== ''))
      ) {
        freshTokens.delete(account.id)
      }
      if (account.token.project_id) projectIds.delete(account.id)
    },
    forget(accountId) {
      freshTokens.delete(accountId)
      projectIds.delete(accountId)
    },
  }
}
