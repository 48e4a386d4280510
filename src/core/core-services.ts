import type { CoreEventMap } from '../shared/core-events'
import type { AccountsService } from './accounts/accounts-service'
import { createAccountsService } from './accounts/accounts-service'
import type { CoreApi } from './core-api'
import type { CoreOptions } from './core-options'
import type { OAuthFlows } from './google/oauth-flows'
import { createOAuthFlows } from './google/oauth-flows'
import type { Logger } from './logging/logger'
import type { CoreState } from './open-core-state'
import { openCoreState } from './open-core-state'
import type { ProxyController } from './http/proxy-controller'
import { createProxyController } from './http/proxy-controller'
import type { Clock } from './runtime/clock'
import type { TypedEmitter } from './runtime/typed-emitter'
import { createQuotaOperations } from './quota/quota-operations'
import type { QuotaScheduler } from './quota/quota-scheduler'
import { createQuotaScheduler } from './quota/quota-scheduler'
import { systemTimers } from './runtime/timers'
import { createConfSettingsStore } from './settings/conf-settings-store'
import type { SettingsController } from './settings/settings-controller'
import { createSettingsController } from './settings/settings-controller'

/** The core's services over one data folder, and the facade the outside calls them through. */
export interface CoreServices {
  state: CoreState
  accounts: AccountsService
  signIns: OAuthFlows
  proxy: ProxyController
  settings: SettingsController
  /** The periodic quota refresh; started by a core that serves. */
  quotaSchedule: QuotaScheduler
  api: CoreApi
  /**
   * Ends the sign-ins and the announcements, runs `closeListener` (the server, the file watcher),
   * then releases the data folder.
   */
  close(closeListener?: () => Promise<void>): Promise<void>
}

export interface ServicesOptions extends CoreOptions {
  role: string
  events: TypedEmitter<CoreEventMap>
  logger: Logger
  clock: Clock
  /** Whether the proxy will listen: only then may its switch be on. */
  serving: boolean
}

/** Opens the data folder (see openCoreState) and wires the services on it. */
export async function openCoreServices(options: ServicesOptions): Promise<CoreServices> {
  const { events, logger } = options
  // Changes during the first load are not announced: nothing holds the core yet to hear them;
  // nor are those of requests still finishing after the core closed.
  let announceAccounts: AccountsService['announce'] = () => undefined
  const state = await openCoreState({
    dataDir: options.dataDir,
    role: options.role,
    env: options.env ?? process.env,
    overrides: options.overrides,
    settingsStore: options.settingsStore ?? createConfSettingsStore,
    logger,
    clock: options.clock,
    timers: options.timers,
    googleTransport: options.googleTransport,
    accountStore: options.accountStore,
    random: options.random,
    announce: (reason, accountId) => announceAccounts(reason, accountId),
  })

  const proxy = createProxyController({
    settings: state.settings,
    pool: state.pool,
    events,
    logger,
    enabled:
      options.serving &&
      (options.proxyEnabledAtStart ?? state.settings.current().raw.app.start_proxy_at_launch),
  })
  const accounts = createAccountsService({
    manager: state.manager,
    pool: state.pool,
    events,
    onPoolChanged: proxy.poolChanged,
  })
  announceAccounts = accounts.announce
  const settings = createSettingsController({
    dataDir: options.dataDir,
    settings: state.settings,
    listening: proxy.listening,
    events,
  })
  const quotaSchedule = createQuotaScheduler({
    timers: options.quotaTimers ?? systemTimers,
    intervalMs: () => state.settings.current().quotaRefreshMs,
    run: () => state.quota.refreshAll(),
    logger,
  })
  let quotaRefreshMs = state.settings.current().quotaRefreshMs
  state.settings.onChange((current) => {
    if (current.quotaRefreshMs !== quotaRefreshMs) {
      quotaRefreshMs = current.quotaRefreshMs
      quotaSchedule.reschedule()
    }
    settings.announce()
    // Quota protection decides which accounts serve: judge them again now, not at the next edit.
    accounts.reconsider()
    // The status shows the auth mode the settings set.
    proxy.announceStatus()
  })
  const signIns = createOAuthFlows({
    oauth: state.oauth,
    logger,
    timeoutMs: options.oauthTimeoutMs,
    timers: options.timers,
    onGrant: accounts.addFromSignIn,
    onFinished: (finished) => events.emit('oauth-finished', finished),
  })

  const api: CoreApi = {
    events,
    listAccounts: accounts.listAccounts,
    addAccountByRefreshToken: accounts.addAccountByRefreshToken,
    addAccountsFromText: accounts.addAccountsFromText,
    removeAccount: accounts.removeAccount,
    setAccountProxyDisabled: accounts.setAccountProxyDisabled,
    setAccountOutboundProxy: accounts.setAccountOutboundProxy,
    importAccounts: accounts.importAccounts,
    exportAccounts: accounts.exportAccounts,
    ...createQuotaOperations(state.quota),
    startOAuth: signIns.start,
    cancelOAuth: signIns.cancel,
    oauthUrl: signIns.url,
    completeOAuthPasted: signIns.completePasted,
    completeOAuthCallback: signIns.completeFromServer,
    proxyStatus: proxy.proxyStatus,
    setProxyEnabled: proxy.setProxyEnabled,
    revealApiKey: proxy.revealApiKey,
    regenerateApiKey: proxy.regenerateApiKey,
    getSettings: settings.getSettings,
    updateSettings: settings.updateSettings,
  }

  return {
    state,
    accounts,
    signIns,
    proxy,
    settings,
    quotaSchedule,
    api,
    async close(closeListener) {
      signIns.cancelAll()
      quotaSchedule.stop()
      announceAccounts = () => undefined
      proxy.close()
      await closeListener?.()
      // A quota check still running writes its file before the folder is let go.
      await state.quota.close()
      state.transport.close()
      await state.lock.release()
    },
  }
}
