import type { RequestHandler } from 'express'
import type { CoreEventMap } from '../../shared/core-events'
import type { ProxyStatusDto } from '../../shared/proxy-status-dto'
import type { CoreApi } from '../core-api'
import type { Logger } from '../logging/logger'
import type { TokenPool } from '../pool/token-pool'
import { throttle } from '../runtime/throttle'
import type { TypedEmitter } from '../runtime/typed-emitter'
import type { SettingsService } from '../settings/settings-service'
import { effectiveAuthMode } from '../settings/auth-mode'
import { createRequestCounter } from './request-counter'

export interface ListeningAddress {
  host: string
  port: number
  url: string
}

export type ProxyApi = Pick<
  CoreApi,
  'proxyStatus' | 'setProxyEnabled' | 'revealApiKey' | 'regenerateApiKey'
>

export interface ProxyController extends ProxyApi {
  /** Whether AI routes answer (the switch); the admin API and /health always do. */
  isEnabled(): boolean
  /** Counts AI requests for the live counters. */
  readonly countRequests: RequestHandler
  /** The server listens here from now on: the status shows this address, not the settings'. */
  listeningOn(address: ListeningAddress): void
  listening(): ListeningAddress | null
  /** The settings changed (the status shows the auth mode they set): announced at once. */
  announceStatus(): void
  /** The pool changed: announced with the request counters, at most once a second. */
  poolChanged(): void
  /** No announcement after this. */
  close(): void
}

/** Live counts change at request rate (and the pool's with every cooldown); once a second will do. */
const COUNTS_INTERVAL_MS = 1000

/** The proxy's switch and its status as the app shows it: address, pool, auth mode, counters. */
export function createProxyController(deps: {
  settings: SettingsService
  pool: TokenPool
  events: TypedEmitter<CoreEventMap>
  logger: Logger
  enabled: boolean
}): ProxyController {
  const { settings, pool, events, logger } = deps
  let enabled = deps.enabled
  let address: ListeningAddress | null = null
  let closed = false

  const status = (): ProxyStatusDto => {
    const current = settings.current()
    const host = address?.host ?? current.host
    return {
      enabled,
      host,
      port: address?.port ?? current.port,
      base_url: address?.url ?? `http://${current.host}:${current.port}`,
      pool_size: pool.size(),
      counts: pool.counts(),
      auth_mode: effectiveAuthMode(current.authMode, host),
      requests: counter.counts(),
    }
  }
  const announceStatus = (): void => {
    if (!closed) events.emit('proxy-status-changed', status())
  }
  const announceCounts = throttle(announceStatus, COUNTS_INTERVAL_MS)
  const counter = createRequestCounter(announceCounts)

  return {
    isEnabled: () => enabled,
    countRequests: counter.middleware,
    listeningOn(listening) {
      address = listening
    },
    listening: () => address,
    announceStatus,
    poolChanged: announceCounts,
    close() {
      closed = true
      announceCounts.cancel()
    },

    proxyStatus: status,
    async setProxyEnabled(next) {
      if (enabled !== next) {
        enabled = next
        logger.info(next ? 'Proxy enabled' : 'Proxy disabled')
        announceStatus()
      }
      return status()
    },
    revealApiKey: () => settings.current().apiKey,
    async regenerateApiKey() {
      const apiKey = settings.regenerateApiKey()
      logger.redactor.add(apiKey)
      logger.info('The API key was regenerated; clients need the new one')
      return status()
    },
  }
}
