import type { Express, Request, RequestHandler, Response } from 'express'
import express from 'express'
import { APP_VERSION } from '../../shared/app-info'
import type { CoreApi } from '../core-api'
import type { ClientIdentity } from '../google/client-identity'
import type { GoogleEndpoints } from '../google/google-endpoints'
import type { GoogleTransport } from '../google/google-transport'
import type { Logger } from '../logging/logger'
import type { TokenPool } from '../pool/token-pool'
import type { Clock } from '../runtime/clock'
import type { Timers } from '../runtime/timers'
import { systemTimers } from '../runtime/timers'
import type { ResolvedSettings } from '../settings/settings-service'
import { resultPage } from '../google/oauth-result-page'
import { createAdminRouter } from './admin/admin-routes'
import { requireClientKey, requireProxyEnabled } from './ai/ai-route-guards'
import { createCloudCodeForwarder } from './ai/cloud-code-forwarder'
import { createAllowedHostnames, requireKnownHost } from './host-allow-list'
import { corsForAllowedOrigins, refuseForeignOrigins } from './origin-guards'
import { createModelCatalog } from '../models/model-catalog'
import { createAnthropicRouter } from './ai/routes/anthropic-messages-route'
import { createModelListRouter } from './ai/routes/model-list-routes'
import { createOpenAiRouter } from './ai/routes/openai-chat-route'
import { createOpenAiResponsesRouter } from './ai/routes/openai-responses-route'
import { createSignatureCache } from './ai/thought-signature-cache'
import { createGeminiNativeRouter } from './ai/routes/gemini-native-route'
import { createRequestLog } from './ai/request-log'
import { httpErrorHandler } from './http-error-handler'
import { refuseDeepJson } from './json-depth'
import { createBodyBudget, parseByteSize, refuseDeclaredOversize } from './body-limits'
import { sendAdminError } from './admin/admin-error'
import { protocolForPath, sendProtocolError } from './ai/protocol-errors'
import { unknownRouteHandler } from './unknown-route'
import { createWebConsole } from './web-console/web-console'

/** The admin API's bodies are account lists at most. */
const ADMIN_BODY_LIMIT = 10 * 1024 * 1024
const SESSION_BODY_LIMIT = 16 * 1024
/** Bodies up to this size never wait for others to be read. */
const SMALL_BODY = 1024 * 1024
/** How many bytes of large bodies are read at once, at least. */
const LARGE_BODY_BUDGET = 64 * 1024 * 1024

export interface HttpAppDeps {
  core: CoreApi
  pool: TokenPool
  settings: () => ResolvedSettings
  isProxyEnabled: () => boolean
  /** Counts AI requests for the app's live counters. */
  countRequests: RequestHandler
  endpoints: GoogleEndpoints
  /** Who agtray says it is to Google (identity headers). */
  identity: ClientIdentity
  transport: GoogleTransport
  /** The built renderer, served as the web console at `/`; null in the desktop app. */
  webConsoleDir: string | null
  /** Largest request body accepted (default 100 MiB). */
  bodyLimit?: string
  logger: Logger
  clock: Clock
  /** Waits for a resting account; tests fire them by hand (default: real timers). */
  timers?: Timers
}

/** One express app on one port: health, the admin API, and the AI routes of every protocol. */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  const bodyLimitBytes = deps.bodyLimit
    ? parseByteSize(deps.bodyLimit)
    : deps.settings().maxBodyBytes
  const bodyLimit = deps.bodyLimit ?? `${bodyLimitBytes / (1024 * 1024)}mb`
  const jsonBody: RequestHandler = express.json({ limit: bodyLimitBytes, verify: refuseDeepJson })
  const adminJsonBody: RequestHandler = express.json({
    limit: ADMIN_BODY_LIMIT,
    verify: refuseDeepJson,
  })

  // Before anything else: a page that rebinds its own name to this machine is answered nothing.
  app.use(requireKnownHost(createAllowedHostnames(deps.settings)))
  const tooLarge = (limit: string) => (req: Request, res: Response) =>
    req.originalUrl.startsWith('/api/')
      ? sendAdminError(res, 'too_large', `The request body is larger than ${limit}`)
      : sendProtocolError(res, protocolForPath(req.originalUrl), {
          status: 413,
          kind: 'too_large',
          code: 'request_too_large',
          message: `The request body is larger than ${limit}`,
        })
  // Who has not logged in yet sends a token, not megabytes.
  app.use('/api/session', refuseDeclaredOversize(SESSION_BODY_LIMIT, tooLarge('16kb')))
  app.use('/api', refuseDeclaredOversize(ADMIN_BODY_LIMIT, tooLarge('10mb')))
  app.use(
    ['/v1', '/v1beta'],
    refuseDeclaredOversize(bodyLimitBytes, tooLarge(bodyLimit)),
    createBodyBudget({
      budget: Math.max(2 * bodyLimitBytes, LARGE_BODY_BUDGET),
      smallBody: SMALL_BODY,
      unknownSize: bodyLimitBytes,
      maxWaitMs: 30_000,
      refuse: (req, res) =>
        sendProtocolError(res, protocolForPath(req.originalUrl), {
          status: 503,
          kind: 'unavailable',
          code: 'busy_reading_bodies',
          message: 'agtray is busy reading other large requests; try again',
          retryAfterMs: 5_000,
        }),
    }),
  )
  app.get(['/health', '/healthz'], (_req, res) => {
    res.json({ status: 'ok', version: APP_VERSION, proxy_enabled: deps.isProxyEnabled() })
  })
  app.use(
    '/api',
    refuseForeignOrigins,
    createAdminRouter(deps.core, deps.settings, adminJsonBody, deps.logger),
  )
  app.get('/oauth/callback', async (req, res) => {
    const outcome = await deps.core.completeOAuthCallback(req.query as Record<string, unknown>)
    res
      .status(outcome.ok ? 200 : 400)
      .type('html')
      .send(resultPage(outcome.ok ? 'Account connected' : 'Sign-in not completed', outcome.message))
  })
  app.use(
    ['/v1', '/v1beta'],
    // First, so that even a request the key check refuses gets its line.
    createRequestLog(deps.logger),
    deps.countRequests,
    corsForAllowedOrigins(deps.settings),
    requireClientKey(deps.settings),
    requireProxyEnabled(deps.isProxyEnabled),
  )
  const forwarder = createCloudCodeForwarder({
    endpoints: deps.endpoints,
    identity: deps.identity,
    transport: deps.transport,
    pool: deps.pool,
    logger: deps.logger,
    clock: deps.clock,
    timers: deps.timers ?? systemTimers,
    maxWaitMs: () => deps.settings().raw.scheduling.max_wait_seconds * 1000,
  })
  const customMapping = () => deps.settings().customMapping
  const catalog = createModelCatalog(deps.pool, customMapping)
  app.use(createModelListRouter(catalog))
  app.use(createGeminiNativeRouter({ forwarder, jsonBody, catalog }))
  app.use(
    createAnthropicRouter({
      forwarder,
      jsonBody,
      catalog,
      backgroundModel: () => deps.settings().backgroundModel,
    }),
  )
  app.use(
    createOpenAiRouter({
      forwarder,
      jsonBody,
      catalog,
      signatures: createSignatureCache(),
      clock: deps.clock,
    }),
  )
  app.use(
    createOpenAiResponsesRouter({
      forwarder,
      jsonBody,
      catalog,
      signatures: createSignatureCache(),
      clock: deps.clock,
      logger: deps.logger,
    }),
  )

  if (deps.webConsoleDir) app.use(createWebConsole(deps.webConsoleDir))

  app.use(unknownRouteHandler())
  app.use(httpErrorHandler(deps.logger, bodyLimit))
  return app
}
