import path from 'node:path'
import type { CoreEventMap } from '../shared/core-events'
import { AgtrayError } from './agtray-error'
import type { CoreApi } from './core-api'
import type { CoreOptions } from './core-options'
import type { CoreServices } from './core-services'
import { openCoreServices } from './core-services'
import type { Logger } from './logging/logger'
import { createLogger } from './logging/logger'
import type { AccountsWatcher } from './pool/accounts-watcher'
import { watchAccounts } from './pool/accounts-watcher'
import { createHttpApp } from './http/create-http-app'
import type { RunningServer } from './http/http-server'
import { listen, serverTimeouts } from './http/http-server'
import { systemClock } from './runtime/clock'
import type { TypedEmitter } from './runtime/typed-emitter'
import { createTypedEmitter } from './runtime/typed-emitter'
import type { ResolvedSettings } from './settings/settings-service'

/** A core that holds its data folder: everything the outside may ask of it works. */
export interface OpenCore extends CoreApi {
  settings(): ResolvedSettings
  /** Ends the sign-ins, closes the listener and releases the data folder; the object is done. */
  stop(): Promise<void>
}

/** A core that also listens: the proxy, the admin API and the web console. */
export interface StartedCore extends OpenCore {
  readonly url: string
}

/** The headless engine: accounts, Google, the pool and the proxy server, for the app and the CLI. */
export interface AppCore {
  readonly dataDir: string
  readonly logger: Logger
  /** The same emitter as the opened core's: listeners may subscribe before it opens. */
  readonly events: TypedEmitter<CoreEventMap>
  /** Takes the data folder, loads settings and accounts, watches the files, and listens. */
  start(): Promise<StartedCore>
  /** The same without a listener, for one-shot CLI commands acting on the files. */
  open(): Promise<OpenCore>
}

/** Builds the core; nothing touches the disk or the network until `start()` or `open()`. */
export function createCore(options: CoreOptions): AppCore {
  const dataDir = path.resolve(options.dataDir)
  const clock = options.clock ?? systemClock
  const logger = options.logger ?? createLogger()
  const events = createTypedEmitter<CoreEventMap>()
  // One opened core at a time: a second one would take the data folder from under the first.
  let taken = false

  const openServices = async (role: string, serving: boolean): Promise<CoreServices> => {
    if (taken) throw new AgtrayError('internal', 'The core is already started')
    taken = true
    try {
      return await openCoreServices({ ...options, dataDir, role, events, logger, clock, serving })
    } catch (error) {
      taken = false
      throw error
    }
  }

  /** The opened core: the services' facade, and a `stop` that closes `listener` with them. */
  const opened = (services: CoreServices, listener?: () => Promise<void>): OpenCore => {
    let stopping: Promise<void> | null = null
    return {
      ...services.api,
      settings: () => services.state.settings.current(),
      stop() {
        stopping ??= services.close(listener).finally(() => {
          taken = false
        })
        return stopping
      },
    }
  }

  return {
    dataDir,
    logger,
    events,

    async open() {
      return opened(await openServices(options.role ?? 'cli', false))
    },

    async start() {
      const services = await openServices(options.role ?? 'serve', true)
      const { state, proxy } = services
      let watcher: AccountsWatcher | null = null
      let server: RunningServer | null = null
      const core = opened(services, async () => {
        watcher?.close()
        await server?.close()
      })
      try {
        watcher = watchAccounts(
          { dataDir, accountsDir: state.store.accountsDir },
          (changes) =>
            void state.pool
              .applyFileChanges(changes)
              .catch((error: Error) => logger.error(`Reloading accounts failed: ${error.message}`)),
          logger,
        )
        const settings = state.settings.current()
        const app = createHttpApp({
          core,
          pool: state.pool,
          settings: () => state.settings.current(),
          isProxyEnabled: proxy.isEnabled,
          countRequests: proxy.countRequests,
          endpoints: state.endpoints,
          identity: state.identity,
          transport: state.transport,
          webConsoleDir: options.webConsoleDir ?? null,
          bodyLimit: options.bodyLimit,
          logger,
          clock,
          timers: options.timers,
        })
        server = await listen(app, settings.host, settings.port, {
          ...serverTimeouts,
          ...options.serverTimeouts,
        })
        proxy.listeningOn(server)
        services.quotaSchedule.start()
        await state.lock.setUrl(server.url)
        logger.info(
          `agtray listening on ${server.url} with ${state.pool.size()} account(s) in the pool`,
        )
        return { ...core, url: server.url }
      } catch (error) {
        await core.stop()
        throw error
      }
    },
  }
}
