import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import type { ImportReportDto } from '../../shared/account-dto'
import type { AccountsChangedReason } from '../../shared/core-events'
import { AgtrayError } from '../agtray-error'
import type { CloudCodeClient } from '../google/cloud-code-client'
import type { ProjectSetup } from '../google/project-setup'
import { CANNOT_ONBOARD_PREFIX, createProjectSetup } from '../google/project-setup'
import { toGoogleAuthError } from '../google/google-auth-error'
import type { GoogleOAuth, RefreshedToken } from '../google/google-oauth'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { Clock } from '../runtime/clock'
import { createKeyedQueue } from '../runtime/keyed-queue'
import type { Timers } from '../runtime/timers'
import { systemTimers } from '../runtime/timers'
import type { ExportedAccount } from './account-export'
import { exportAccounts } from './account-export'
import {
  applyTokenUpsert,
  buildToken,
  newAccountFile,
  setProxyDisabled,
  withSubscriptionTier,
} from './account-rules'
import type { AccountFile, TokenData } from './account-schema'
import { findAccountByEmail } from './account-lookup'
import { clearValidationBlock } from './validation-block'
import type { AccountStore } from './account-store'
import { isValidAccountId } from './account-store'

export interface UpsertResult {
  account: AccountFile
  created: boolean
  reenabled: boolean
}

export interface AccountManagerDeps {
  store: AccountStore
  oauth: GoogleOAuth
  cloudCode: CloudCodeClient
  /** Backoff between polls of an onboarding (default: real timers). */
  timers?: Timers
  logger: Logger
  clock: Clock
  /**
   * Hands the files agtray just wrote (or removed) to the pool and announces the change; awaited
   * so callers see the new pool on return.
   */
  afterChange(
    reason: AccountsChangedReason,
    accountId: string | null,
    written: readonly string[],
  ): Promise<void>
}

/** What users do to accounts: add (upsert by email), remove, take out of the proxy, export, import. */
export interface AccountManager {
  addByRefreshToken(refreshToken: string): Promise<UpsertResult>
  /** The end of an OAuth login: tokens Google just issued. */
  addFromGrant(grant: RefreshedToken & { refresh_token: string }): Promise<UpsertResult>
  remove(id: string): Promise<void>
  setProxyDisabled(id: string, disabled: boolean, reason?: string | null): Promise<AccountFile>
  exportAll(): Promise<ExportedAccount[]>
  importAccounts(input: unknown): Promise<ImportReportDto>
  /**
   * Google served this account again (a quota fetch succeeded): its verification block is over.
   * Nothing is written when it had none.
   */
  clearValidationBlock(id: string): Promise<void>
}

const importSchema = z.union([
  z.array(z.looseObject({ email: z.string().nullish(), refresh_token: z.string() })),
  z.looseObject({
    accounts: z.array(z.looseObject({ email: z.string().nullish(), refresh_token: z.string() })),
  }),
])

export function createAccountManager(deps: AccountManagerDeps): AccountManager {
  const { store, oauth, logger, clock } = deps
  const projectSetup = createProjectSetup({
    cloudCode: deps.cloudCode,
    timers: deps.timers ?? systemTimers,
  })
  // Upserts are matched by email, so two at once could both decide to create: one at a time.
  const upserts = createKeyedQueue()
  const nowSeconds = (): number => Math.floor(clock.now() / 1000)

  /** The project (onboarding the account if needed); null when it may come later. */
  const setUpProject = async (accessToken: string, email: string): Promise<ProjectSetup | null> => {
    try {
      return await projectSetup.ensureProject(accessToken)
    } catch (error) {
      // Every account would get the same answer: the user must set a newer version first.
      if (error instanceof AgtrayError && error.code === 'client_outdated') throw error
      // Not fatal: the pool looks it up again before the account's first request.
      logger.warn(`Could not find the Cloud Code project of ${email} yet: ${describeError(error)}`)
      return null
    }
  }

  const upsertByEmail = (
    email: string,
    name: string | null,
    token: TokenData,
    setup: ProjectSetup | null,
  ): Promise<UpsertResult> =>
    upserts.run('upsert', async () => {
      const existing = await findAccountByEmail(store, email)
      if (existing.kind === 'found') {
        let reenabled = false
        const account = await store.update(existing.account.id, (stored) => {
          const outcome = applyTokenUpsert(stored, token, name, nowSeconds())
          reenabled = outcome.reenabled
          return withSetup(outcome.account, setup, nowSeconds())
        })
        await store.upsertIndexEntry(account)
        if (reenabled) logger.info(`Account ${email} has a new token: no longer disabled`)
        return { account, created: false, reenabled }
      }
      if (existing.kind === 'unreadable') {
        throw new AgtrayError(
          'account_file_unreadable',
          `${email} already has an account file that cannot be read (${existing.file}); fix or remove it first`,
        )
      }
      const account = withSetup(
        newAccountFile({ id: randomUUID(), email, name, token, nowSeconds: nowSeconds() }),
        setup,
        nowSeconds(),
      )
      await store.create(account)
      await store.upsertIndexEntry(account)
      logger.info(`Added account ${email}`, { account_id: account.id })
      return { account, created: true, reenabled: false }
    })

  const addGrant = async (
    grant: RefreshedToken & { refresh_token: string },
  ): Promise<UpsertResult> => {
    let user
    try {
      user = await oauth.userInfo(grant.access_token)
    } catch (error) {
      throw googleFailure(error, 'asking Google who this account is')
    }
    const setup = await setUpProject(grant.access_token, user.email)
    const projectId = setup?.kind === 'ready' ? setup.projectId : null
    if (setup?.kind === 'cannot-onboard') logger.warn(`Account ${user.email}: ${setup.reason}`)
    const token = buildToken({ ...grant, project_id: projectId }, user.email, nowSeconds())
    return upsertByEmail(user.email, user.name, token, setup)
  }

  const addOne = async (refreshToken: string): Promise<UpsertResult> => {
    const trimmed = refreshToken.trim()
    if (trimmed === '' || /\s/.test(trimmed)) {
      throw new AgtrayError(
        'invalid_input',
        'A refresh token is one word, such as 1//0g…; got an empty or spaced value',
      )
    }
    let refreshed: RefreshedToken
    try {
      refreshed = await oauth.refresh(trimmed)
    } catch (error) {
      throw googleFailure(error, 'checking the refresh token')
    }
    return addGrant({ ...refreshed, refresh_token: refreshed.refresh_token ?? trimmed })
  }

  const announce = async (result: UpsertResult): Promise<UpsertResult> => {
    await deps.afterChange(result.created ? 'added' : 'updated', result.account.id, [
      result.account.id,
    ])
    return result
  }

  const requireId = (id: string): string => {
    if (!isValidAccountId(id))
      throw new AgtrayError('invalid_input', `"${id}" is not an account id`)
    return id
  }

  return {
    addByRefreshToken: async (refreshToken) => announce(await addOne(refreshToken)),
    addFromGrant: async (grant) => announce(await addGrant(grant)),

    async remove(id) {
      await store.remove(requireId(id))
      await store.removeIndexEntry(id)
      logger.info(`Removed account ${id}`, { account_id: id })
      await deps.afterChange('removed', id, [id])
    },

    async setProxyDisabled(id, disabled, reason) {
      const account = await store.update(requireId(id), (stored) =>
        setProxyDisabled(stored, disabled, reason, nowSeconds()),
      )
      await store.upsertIndexEntry(account)
      logger.info(
        disabled
          ? `Account ${account.email} disabled for the proxy: ${account.proxy_disabled_reason ?? ''}`
          : `Account ${account.email} enabled for the proxy`,
        { account_id: id },
      )
      await deps.afterChange('proxy-toggled', id, [id])
      return account
    },

    exportAll: () => exportAccounts(store),

    async clearValidationBlock(id) {
      let cleared = false
      await store.update(requireId(id), (stored) => {
        const next = clearValidationBlock(stored)
        cleared = next !== null
        return next
      })
      if (!cleared) return
      logger.info(`Verification block cleared for account ${id}: it serves again`, {
        account_id: id,
      })
      await deps.afterChange('updated', id, [id])
    },

    async importAccounts(input) {
      const parsed = importSchema.safeParse(input)
      if (!parsed.success) {
        throw new AgtrayError(
          'invalid_input',
          'An import file is a JSON array of {"email", "refresh_token"} objects (or {"accounts": [...]})',
        )
      }
      const items = Array.isArray(parsed.data) ? parsed.data : parsed.data.accounts
      const report: ImportReportDto = { total: items.length, added: 0, updated: 0, failed: [] }
      const written: string[] = []
      for (const item of items) {
        try {
          const result = await addOne(item.refresh_token)
          written.push(result.account.id)
          if (result.created) report.added++
          else report.updated++
        } catch (error) {
          report.failed.push({ email: item.email ?? null, error: describeError(error) })
        }
      }
      await deps.afterChange('imported', null, written)
      return report
    },
  }
}

/**
 * The tier Google named, and an account it will not onboard out of the proxy with its reason. Once
 * it has a project (the user fixed it and signed in again), agtray lifts its own block; a proxy
 * switch the user set stays as it is.
 */
function withSetup(
  account: AccountFile,
  setup: ProjectSetup | null,
  nowSeconds: number,
): AccountFile {
  if (!setup) return account
  const tiered = withSubscriptionTier(account, setup.tier)
  if (setup.kind === 'ready') {
    const blockedByAgtray = tiered.proxy_disabled_reason?.startsWith(CANNOT_ONBOARD_PREFIX) === true
    return blockedByAgtray ? setProxyDisabled(tiered, false, null, nowSeconds) : tiered
  }
  return setProxyDisabled(tiered, true, setup.reason, nowSeconds)
}

function googleFailure(error: unknown, doing: string): AgtrayError {
  const failure = toGoogleAuthError(error)
  if (failure.kind === 'transient') {
    return new AgtrayError(
      'google_unavailable',
      `Google could not be reached while ${doing}: ${failure.message}`,
    )
  }
  return new AgtrayError(
    'google_refused',
    `Google refused the token while ${doing}: ${failure.message}`,
  )
}
