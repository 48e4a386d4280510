import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { AccountDto, UpsertResultDto } from '../shared/account-dto'
import type { AccountsChangedReason, CoreEventMap } from '../shared/core-events'
import type { ProxyStatusDto } from '../shared/proxy-status-dto'
import type { ExportedAccount } from './accounts/account-export'
import type { UpsertResult } from './accounts/account-manager'
import { createAccountManager } from './accounts/account-manager'
import { createAccountStore } from './accounts/account-store'
import { AgtrayError } from './agtray-error'
import type { CoreApi } from './core-api'
import { createCloudCodeClient } from './google/cloud-code-client'
import type { GoogleEndpoints, OAuthClientConfig } from './google/google-endpoints'
import { antigravityOAuthClient, googleEndpointsFor } from './google/google-endpoints'
import { createGoogleOAuth } from './google/google-oauth'
import type { OAuthLoginFlow } from './google/oauth-login'
import { startOAuthLogin } from './google/oauth-login'
import type { Logger } from './logging/logger'
import { createLogger } from './logging/logger'
import type { AccountsWatcher } from './pool/accounts-watcher'
import { watchAccounts } from './pool/accounts-watcher'
import type { TokenPool } from './pool/token-pool'
import { createTokenPool } from './pool/token-pool'
import { createHttpApp } from './proxy/create-http-app'
import type { RunningServer } from './proxy/http-server'
import { listen } from './proxy/http-server'
import type { Clock } from './runtime/clock'
import { systemClock } from './runtime/clock'
import type { DataDirLock } from './runtime/data-dir-lock'
import { acquireDataDirLock } from './runtime/data-dir-lock'
import { createTypedEmitter } from './runtime/typed-emitter'
import { createConfSettingsStore } from './settings/conf-settings-store'
import type { SettingsStore } from './settings/settings-schema'
import type {
  ResolvedSettings,
  SettingsOverrides,
  SettingsService,
} from './settings/settings-service'
import { createSettingsService } from './settings/settings-service'

export interface CoreOptions {
  dataDir: string
  env?: NodeJS.ProcessEnv
  overrides?: SettingsOverrides
  /** electron-store in the app; conf (the default) headless. */
  settingsStore?: (dataDir: string) => Promise<SettingsStore>
  logger?: Logger
  clock?: Clock
  /** Shown to other processes that find the data folder taken: `serve`, `desktop`, a CLI command. */
  role?: string
  /** Whether AI routes answer at start; default: the `app.start_proxy_at_launch` setting. */
  proxyEnabledAtStart?: boolean
}

export interface StartedCore {
  url: string
  settings: ResolvedSettings
}

/** The headless engine: accounts, Google, the pool and the proxy server, for the app and the CLI. */
export interface AppCore extends CoreApi {
  readonly dataDir: string
  readonly logger: Logger
  /** Takes the data folder, loads settings and accounts, watches the files, and listens. */
  start(): Promise<StartedCore>
  /** The same without a listener, for one-shot CLI commands acting on the files. */
  open(): Promise<void>
  stop(): Promise<void>
  settings(): ResolvedSettings
  exportAccounts(): Promise<ExportedAccount[]>
  /** An OAuth login through a loopback redirect; the account is upserted when Google answers. */
  startOAuthLogin(): Promise<{ authUrl: string; done: Promise<UpsertResultDto>; cancel(): void }>
}

interface Opened {
  lock: DataDirLock
  settings: SettingsService
  endpoints: GoogleEndpoints
  pool: TokenPool
  manager: ReturnType<typeof createAccountManager>
  oauth: ReturnType<typeof createGoogleOAuth>
  watcher: AccountsWatcher | null
  server: RunningServer | null
}

/** Builds the core; nothing touches the disk or the network until `start()` or `open()`. */
export function createCore(options: CoreOptions): AppCore {
  const dataDir = path.resolve(options.dataDir)
  const env = options.env ?? process.env
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? createLogger()
  const events = createTypedEmitter<CoreEventMap>()
  let opened: Opened | null = null
  let proxyEnabled = false
  let lastStatus = ''

  const need = (): Opened => {
    if (!opened) throw new AgtrayError('internal', 'The core is not started')
    return opened
  }

  const proxyStatus = (): ProxyStatusDto => {
    const { pool, server, settings } = need()
    const current = settings.current()
    return {
      enabled: proxyEnabled,
      host: server?.host ?? current.host,
      port: server?.port ?? current.port,
      base_url: server?.url ?? `http://${current.host}:${current.port}`,
      pool_size: pool.size(),
      counts: pool.counts(),
    }
  }

  const announceStatusIfChanged = (): void => {
    const status = proxyStatus()
    const serialized = JSON.stringify(status)
    if (serialized === lastStatus) return
    lastStatus = serialized
    events.emit('proxy-status-changed', status)
  }

  let lastAccounts = ''
  const announceAccounts = (reason: AccountsChangedReason, accountId: string | null): void => {
    const list = need().pool.list()
    const serialized = JSON.stringify(list)
    // A reload after our own write finds nothing new; only changes made elsewhere are news.
    if (reason === 'reloaded' && serialized === lastAccounts) return
    lastAccounts = serialized
    events.emit('accounts-changed', { reason, account_id: accountId, ...list })
    announceStatusIfChanged()
  }

  const dtoOf = (id: string): AccountDto => {
    const dto = need()
      .pool.list()
      .accounts.find((account) => account.id === id)
    if (!dto) throw new AgtrayError('not_found', `No account with id ${id}`)
    return dto
  }

  const toResultDto = (result: UpsertResult): UpsertResultDto => ({
    account: dtoOf(result.account.id),
    created: result.created,
    reenabled: result.reenabled,
  })

  const openInternal = async (role: string): Promise<Opened> => {
    if (opened) throw new AgtrayError('internal', 'The core is already started')
    const lock = await acquireDataDirLock(dataDir, role)
    try {
      const store = await (options.settingsStore ?? createConfSettingsStore)(dataDir)
      const settings = createSettingsService(store, env, options.overrides)
      const current = settings.current()
      logger.redactor.add(current.apiKey)
      logger.redactor.add(current.adminToken)
      const endpoints = googleEndpointsFor(current.google.baseUrl)
      const client: OAuthClientConfig = {
        clientId: current.google.clientId ?? antigravityOAuthClient.clientId,
        clientSecret: current.google.clientSecret ?? antigravityOAuthClient.clientSecret,
      }
      const oauth = createGoogleOAuth(endpoints, client)
      const cloudCode = createCloudCodeClient(endpoints)
      const accounts = createAccountStore(dataDir)
      await fs.mkdir(accounts.accountsDir, { recursive: true, mode: 0o700 })
      for (const leftover of await accounts.removeLeftoverTempFiles()) {
        logger.warn(`Removed ${leftover}, left by an interrupted write`)
      }
      const pool = createTokenPool({
        store: accounts,
        oauth,
        cloudCode,
        logger,
        clock,
        quotaProtection: () => settings.current().quotaProtection,
        onChange: announceAccounts,
      })
      const manager = createAccountManager({
        store: accounts,
        oauth,
        cloudCode,
        logger,
        clock,
        afterChange: async (reason, accountId) => {
          await pool.reload()
          announceAccounts(reason, accountId)
        },
      })
      opened = { lock, settings, endpoints, pool, manager, oauth, watcher: null, server: null }
      await pool.reload()
      return opened
    } catch (error) {
      opened = null
      await lock.release()
      throw error
    }
  }

  const core: AppCore = {
    dataDir,
    logger,
    events,

    async open() {
      await openInternal(options.role ?? 'cli')
    },

    async start() {
      const state = await openInternal(options.role ?? 'serve')
      try {
        const current = state.settings.current()
        proxyEnabled = options.proxyEnabledAtStart ?? current.raw.app.start_proxy_at_launch
        state.watcher = watchAccounts(
          { dataDir, accountsDir: path.join(dataDir, 'accounts') },
          () =>
            void state.pool.reload().then(
              () => announceAccounts('reloaded', null),
              (error: Error) => logger.error(`Reloading accounts failed: ${error.message}`),
            ),
          logger,
        )
        const app = createHttpApp({
          core,
          pool: state.pool,
          settings: () => state.settings.current(),
          isProxyEnabled: () => proxyEnabled,
          endpoints: state.endpoints,
          logger,
          clock,
        })
        state.server = await listen(app, current.host, current.port)
        await state.lock.setUrl(state.server.url)
        lastStatus = JSON.stringify(proxyStatus())
        lastAccounts = JSON.stringify(state.pool.list())
        logger.info(
          `agtray listening on ${state.server.url} with ${state.pool.size()} account(s) in the pool`,
        )
        return { url: state.server.url, settings: current }
      } catch (error) {
        await core.stop()
        throw error
      }
    },

    async stop() {
      const state = opened
      if (!state) return
      opened = null
      state.watcher?.close()
      await state.server?.close()
      await state.lock.release()
    },

    settings: () => need().settings.current(),
    listAccounts: () => need().pool.list(),
    addAccountByRefreshToken: async (refreshToken) =>
      toResultDto(await need().manager.addByRefreshToken(refreshToken)),
    removeAccount: (id) => need().manager.remove(id),
    setAccountProxyDisabled: async (id, disabled, reason) => {
      await need().manager.setProxyDisabled(id, disabled, reason)
      return dtoOf(id)
    },
    importAccounts: (input) => need().manager.importAccounts(input),
    exportAccounts: () => need().manager.exportAll(),
    proxyStatus,
    async setProxyEnabled(enabled) {
      need()
      if (proxyEnabled !== enabled) {
        proxyEnabled = enabled
        logger.info(enabled ? 'Proxy enabled' : 'Proxy disabled')
      }
      announceStatusIfChanged()
      return proxyStatus()
    },

    async startOAuthLogin() {
      const state = need()
      const flow: OAuthLoginFlow = await startOAuthLogin(state.oauth)
      const done = flow.result.then(async (grant) =>
        toResultDto(await state.manager.addFromGrant(grant)),
      )
      done.catch(() => undefined)
      return { authUrl: flow.authUrl, done, cancel: flow.cancel }
    },
  }
  return core
}
