import { promises as fs } from 'node:fs'
import type { AccountManager } from './accounts/account-manager'
import { createAccountManager } from './accounts/account-manager'
import type { AccountStore } from './accounts/account-store'
import { createAccountStore } from './accounts/account-store'
import type { AccountsChangedReason } from '../shared/core-events'
import type { ClientIdentity } from './google/client-identity'
import { createClientIdentity } from './google/client-identity'
import { createAvailableModelsClient } from './google/available-models-client'
import type { CloudCodeClient } from './google/cloud-code-client'
import { createCloudCodeClient } from './google/cloud-code-client'
import type { GoogleEndpoints } from './google/google-endpoints'
import { antigravityOAuthClient, googleEndpointsFor } from './google/google-endpoints'
import type { GoogleOAuth } from './google/google-oauth'
import { createGoogleOAuth } from './google/google-oauth'
import type { GoogleTransport, GoogleTransportOptions } from './google/google-transport'
import { createGoogleTransport } from './google/google-transport'
import type { Logger } from './logging/logger'
import type { TokenPool } from './pool/token-pool'
import type { QuotaRefresher } from './quota/quota-refresher'
import { createQuotaRefresher } from './quota/quota-refresher'
import { createTokenPool } from './pool/token-pool'
import type { Clock } from './runtime/clock'
import type { DataDirLock } from './runtime/data-dir-lock'
import type { Timers } from './runtime/timers'
import { acquireDataDirLock } from './runtime/data-dir-lock'
import { removeTopLevelTempFiles, tightenDataDir } from './runtime/data-dir-hygiene'
import type { SettingsStore } from './settings/settings-schema'
import type { SettingsOverrides, SettingsService } from './settings/settings-service'
import { createSettingsService } from './settings/settings-service'
import { proxyPassword } from '../shared/outbound-proxy-url'

/** Everything the core holds while it owns a data folder. */
export interface CoreState {
  lock: DataDirLock
  settings: SettingsService
  endpoints: GoogleEndpoints
  /** Who agtray says it is to Google: the one source of identity headers and client metadata. */
  identity: ClientIdentity
  /** The one connection pool to Google, shared by OAuth, the Cloud Code client and the proxy. */
  transport: GoogleTransport
  oauth: GoogleOAuth
  cloudCode: CloudCodeClient
  store: AccountStore
  pool: TokenPool
  manager: AccountManager
  quota: QuotaRefresher
}

export interface OpenOptions {
  dataDir: string
  role: string
  env: NodeJS.ProcessEnv
  overrides?: SettingsOverrides
  settingsStore: (dataDir: string) => Promise<SettingsStore>
  logger: Logger
  clock: Clock
  /** Backoff between polls of an onboarding (default: real timers). */
  timers?: Timers
  googleTransport?: GoogleTransportOptions
  /** The account files; tests pass one that counts its reads. */
  accountStore?: (dataDir: string) => AccountStore
  random?: () => number
  /** Called for every account change, after the pool has been reloaded when needed. */
  announce(reason: AccountsChangedReason, accountId: string | null): void
}

/** Takes the data folder, reads the settings, wires Google, the accounts and the pool, loads it. */
export async function openCoreState(options: OpenOptions): Promise<CoreState> {
  const { dataDir, logger, clock } = options
  const lock = await acquireDataDirLock(dataDir, options.role)
  // The settings open below; until then (and if they fail to) no global proxy is in force.
  let settingsOpened: SettingsService | null = null
  const transport = createGoogleTransport({
    ...options.googleTransport,
    outboundProxy: () => settingsOpened?.current().outboundProxy ?? null,
    env: options.env,
  })
  try {
    // Before the settings store opens: conf would otherwise read past its own leftovers.
    for (const leftover of await removeTopLevelTempFiles(dataDir))
      logger.warn(`Removed ${leftover}, left by an interrupted write`)
    const settings = createSettingsService(
      await options.settingsStore(dataDir),
      options.env,
      options.overrides,
    )
    settingsOpened = settings
    const current = settings.current()
    logger.redactor.add(current.apiKey)
    logger.redactor.add(current.adminToken)
    // Proxy passwords in URLs are masked by shape too; this covers one logged on its own.
    logger.redactor.add(proxyPassword(current.outboundProxy))
    settings.onChange((next) => logger.redactor.add(proxyPassword(next.outboundProxy)))
    const endpoints = googleEndpointsFor(current.google.baseUrl)
    // Read at every call: a version changed in the settings applies to the next request.
    const identity = createClientIdentity({ version: () => settings.current().clientVersion })
    const oauth = createGoogleOAuth(
      endpoints,
      {
        clientId: current.google.clientId ?? antigravityOAuthClient.clientId,
        clientSecret: current.google.clientSecret ?? antigravityOAuthClient.clientSecret,
      },
      transport,
      identity,
    )
    const cloudCode = createCloudCodeClient(endpoints, transport, identity)
    const store = (options.accountStore ?? createAccountStore)(dataDir)
    await fs.mkdir(store.accountsDir, { recursive: true, mode: 0o700 })
    for (const leftover of await store.removeLeftoverTempFiles()) {
      logger.warn(`Removed ${leftover}, left by an interrupted write`)
    }
    const loosened = await tightenDataDir(dataDir)
    if (loosened.length > 0)
      logger.warn(
        `Made ${loosened.length} file(s) and folder(s) of ${dataDir} readable by you only (they were open to others)`,
      )
    const pool = createTokenPool({
      store,
      oauth,
      cloudCode,
      timers: options.timers,
      logger,
      clock,
      quotaProtection: () => settings.current().quotaProtection,
      scheduling: () => settings.current().scheduling,
      random: options.random,
      onChange: options.announce,
    })
    const manager = createAccountManager({
      store,
      oauth,
      cloudCode,
      timers: options.timers,
      logger,
      clock,
      afterChange: async (reason, accountId, written) => {
        pool.applyWritten(written)
        // A new or re-authorized account shows its quota without waiting for the schedule.
        if (reason === 'added' || reason === 'updated' || reason === 'imported')
          await quota.refreshAdded(written)
        options.announce(reason, accountId)
      },
    })
    const quota = createQuotaRefresher({
      pool,
      store,
      client: createAvailableModelsClient(endpoints, transport, identity),
      logger,
      clock,
      quotaProtection: () => settings.current().quotaProtection,
      onWritten(id, announce) {
        pool.applyWritten([id])
        if (announce) options.announce('quota-refreshed', id)
      },
      onBatchWritten: (ids) =>
        options.announce('quota-refreshed', ids.length === 1 ? ids[0]! : null),
    })
    await pool.reload()
    return {
      lock,
      settings,
      endpoints,
      identity,
      transport,
      oauth,
      cloudCode,
      store,
      pool,
      manager,
      quota,
    }
  } catch (error) {
    transport.close()
    await lock.release()
    throw error
  }
}
