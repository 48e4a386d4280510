import path from 'node:path'
import type { AccountDto, ImportReportDto, UpsertResultDto } from '../shared/account-dto'
import type { AccountsChangedReason, CoreEventMap } from '../shared/core-events'
import type { ProxyStatusDto } from '../shared/proxy-status-dto'
import type { UpsertResult } from './accounts/account-manager'
import type { AccountStore } from './accounts/account-store'
import { readPastedAccounts } from './accounts/refresh-token-text'
import { AgtrayError } from './agtray-error'
import type { CoreApi } from './core-api'
import type { GoogleTransportOptions } from './google/google-transport'
import type { OAuthFlows } from './google/oauth-flows'
import { createOAuthFlows } from './google/oauth-flows'
import type { Logger } from './logging/logger'
import { createLogger } from './logging/logger'
import type { CoreState } from './open-core-state'
import { openCoreState } from './open-core-state'
import type { AccountsWatcher } from './pool/accounts-watcher'
import { watchAccounts } from './pool/accounts-watcher'
import { effectiveAuthMode } from './proxy/client-key'
import { createHttpApp } from './proxy/create-http-app'
import type { RunningServer, ServerTimeouts } from './proxy/http-server'
import { listen, serverTimeouts } from './proxy/http-server'
import type { RequestCounter } from './proxy/request-counter'
import { createRequestCounter } from './proxy/request-counter'
import type { Clock } from './runtime/clock'
import type { Timers } from './runtime/timers'
import { systemClock } from './runtime/clock'
import { throttle } from './runtime/throttle'
import { createTypedEmitter } from './runtime/typed-emitter'
import { createConfSettingsStore } from './settings/conf-settings-store'
import { applySettingsPatch, toSettingsDto } from './settings/settings-dto-mapper'
import type { SettingsStore } from './settings/settings-schema'
import type { ResolvedSettings, SettingsOverrides } from './settings/settings-service'
import { generateApiKey } from './settings/settings-service'

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
  /** The built renderer to serve as the web console at `/` (headless only). */
  webConsoleDir?: string | null
  /** How long a sign-in may take before it is abandoned (default five minutes). */
  oauthTimeoutMs?: number
  /** The core's timers (sign-in deadlines); tests fire them by hand. */
  timers?: Timers
  /** Largest request body the proxy accepts (default 100mb). */
  bodyLimit?: string
  /** The connection pool to Google and its timeouts (tests shorten them). */
  googleTransport?: GoogleTransportOptions
  /** How long slow clients may take (tests shorten them). */
  serverTimeouts?: Partial<ServerTimeouts>
  /** The account files (default: the files under `dataDir`); tests pass one that counts reads. */
  accountStore?: (dataDir: string) => AccountStore
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
}

interface Running {
  state: CoreState
  flows: OAuthFlows
  counter: RequestCounter
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
  let running: Running | null = null
  let proxyEnabled = false
  let lastStatus = ''

  const need = (): Running => {
    if (!running) throw new AgtrayError('internal', 'The core is not started')
    return running
  }

  const proxyStatus = (): ProxyStatusDto => {
    const { state, server, counter } = need()
    const current = state.settings.current()
    const host = server?.host ?? current.host
    return {
      enabled: proxyEnabled,
      host,
      port: server?.port ?? current.port,
      base_url: server?.url ?? `http://${current.host}:${current.port}`,
      pool_size: state.pool.size(),
      counts: state.pool.counts(),
      auth_mode: effectiveAuthMode(current.authMode, host),
      requests: counter.counts(),
    }
  }

  const announceStatusIfChanged = (): void => {
    if (!running) return
    const status = proxyStatus()
    const serialized = JSON.stringify(status)
    if (serialized === lastStatus) return
    lastStatus = serialized
    events.emit('proxy-status-changed', status)
  }

  const announceAccounts = (reason: AccountsChangedReason, accountId: string | null): void => {
    if (!running) return
    events.emit('accounts-changed', { reason, account_id: accountId, ...running.state.pool.list() })
    announceStatusIfChanged()
  }

  const dtoOf = (id: string): AccountDto => {
    const dto = need().state.pool.dto(id)
    if (!dto) throw new AgtrayError('not_found', `No account with id ${id}`)
    return dto
  }

  const toResultDto = (result: UpsertResult): UpsertResultDto => ({
    account: dtoOf(result.account.id),
    created: result.created,
    reenabled: result.reenabled,
  })

  const openRunning = async (role: string): Promise<Running> => {
    if (running) throw new AgtrayError('internal', 'The core is already started')
    // Announcements during the first load have no listener that could care yet.
    let ready = false
    const state = await openCoreState({
      dataDir,
      role,
      env,
      overrides: options.overrides,
      settingsStore: options.settingsStore ?? createConfSettingsStore,
      logger,
      clock,
      googleTransport: options.googleTransport,
      accountStore: options.accountStore,
      announce: (reason, accountId) => {
        if (ready) announceAccounts(reason, accountId)
      },
    })
    const flows = createOAuthFlows({
      oauth: state.oauth,
      logger,
      timeoutMs: options.oauthTimeoutMs,
      timers: options.timers,
      onGrant: async (grant, accountId) => {
        const result = await state.manager.addFromGrant(grant)
        const account = dtoOf(result.account.id)
        const expected = accountId ? state.pool.dto(accountId) : null
        const note =
          expected && expected.id !== account.id
            ? `You signed in as ${account.email}, not ${expected.email}; ${account.email} was ${result.created ? 'added' : 'updated'}`
            : null
        return { finished: { account, created: result.created, reenabled: result.reenabled }, note }
      },
      onFinished: (finished) => events.emit('oauth-finished', finished),
    })
    const counter = createRequestCounter(throttle(announceStatusIfChanged, 1000))
    running = { state, flows, counter, watcher: null, server: null }
    ready = true
    return running
  }

  const addFromText = async (text: string): Promise<ImportReportDto> => {
    const pasted = readPastedAccounts(text)
    if (pasted.kind === 'json') return need().state.manager.importAccounts(pasted.value)
    if (pasted.tokens.length === 0) {
      throw new AgtrayError(
        'invalid_input',
        'No refresh token found: they start with 1// (or paste an export file)',
      )
    }
    return need().state.manager.importAccounts(
      pasted.tokens.map((token) => ({ refresh_token: token })),
    )
  }

  const core: AppCore = {
    dataDir,
    logger,
    events,

    async open() {
      await openRunning(options.role ?? 'cli')
    },

    async start() {
      const current = await openRunning(options.role ?? 'serve')
      try {
        const settings = current.state.settings.current()
        proxyEnabled = options.proxyEnabledAtStart ?? settings.raw.app.start_proxy_at_launch
        current.watcher = watchAccounts(
          { dataDir, accountsDir: current.state.store.accountsDir },
          (changes) =>
            void current.state.pool
              .applyFileChanges(changes)
              .catch((error: Error) => logger.error(`Reloading accounts failed: ${error.message}`)),
          logger,
        )
        const app = createHttpApp({
          core,
          pool: current.state.pool,
          settings: () => current.state.settings.current(),
          isProxyEnabled: () => proxyEnabled,
          countRequests: current.counter.middleware,
          endpoints: current.state.endpoints,
          transport: current.state.transport,
          webConsoleDir: options.webConsoleDir ?? null,
          bodyLimit: options.bodyLimit,
          logger,
          clock,
        })
        current.server = await listen(app, settings.host, settings.port, {
          ...serverTimeouts,
          ...options.serverTimeouts,
        })
        await current.state.lock.setUrl(current.server.url)
        lastStatus = JSON.stringify(proxyStatus())
        logger.info(
          `agtray listening on ${current.server.url} with ${current.state.pool.size()} account(s) in the pool`,
        )
        return { url: current.server.url, settings }
      } catch (error) {
        await core.stop()
        throw error
      }
    },

    async stop() {
      const current = running
      if (!current) return
      running = null
      current.flows.cancelAll()
      current.watcher?.close()
      await current.server?.close()
      current.state.transport.close()
      await current.state.lock.release()
    },

    settings: () => need().state.settings.current(),
    listAccounts: () => need().state.pool.list(),
    addAccountByRefreshToken: async (refreshToken) =>
      toResultDto(await need().state.manager.addByRefreshToken(refreshToken)),
    addAccountsFromText: addFromText,
    removeAccount: (id) => need().state.manager.remove(id),
    setAccountProxyDisabled: async (id, disabled, reason) => {
      await need().state.manager.setProxyDisabled(id, disabled, reason)
      return dtoOf(id)
    },
    importAccounts: (input) => need().state.manager.importAccounts(input),
    exportAccounts: () => need().state.manager.exportAll(),

    startOAuth: (flowOptions) => need().flows.start(flowOptions),
    cancelOAuth: (flowId) => need().flows.cancel(flowId),
    oauthUrl: (flowId) => need().flows.url(flowId),
    completeOAuthCallback: (query) => need().flows.completeFromServer(query),

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

    revealApiKey: () => need().state.settings.current().apiKey,
    async regenerateApiKey() {
      const { state } = need()
      if (state.settings.current().apiKeySource === 'environment') {
        throw new AgtrayError('conflict', 'The API key comes from AGTRAY_API_KEY; change it there')
      }
      const apiKey = generateApiKey()
      logger.redactor.add(apiKey)
      state.settings.update((settings) => ({
        ...settings,
        proxy: { ...settings.proxy, api_key: apiKey },
      }))
      logger.info('The API key was regenerated; clients need the new one')
      lastStatus = ''
      announceStatusIfChanged()
      return proxyStatus()
    },

    getSettings: () => {
      const { state, server } = need()
      return toSettingsDto(dataDir, state.settings.current(), server)
    },
    async updateSettings(patch) {
      const { state, server } = need()
      state.settings.update((settings) => applySettingsPatch(settings, patch))
      // Quota protection decides which accounts serve: judge them again now, not at the next edit.
      if (state.pool.reconsider()) announceAccounts('reloaded', null)
      announceStatusIfChanged()
      const settings = toSettingsDto(dataDir, state.settings.current(), server)
      events.emit('settings-changed', settings)
      return settings
    },
  }
  return core
}
