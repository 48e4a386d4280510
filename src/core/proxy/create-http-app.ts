import type { ErrorRequestHandler, Express, RequestHandler } from 'express'
import express from 'express'
import { APP_VERSION } from '../../shared/app-info'
import type { CoreApi } from '../core-api'
import type { GoogleEndpoints } from '../google/google-endpoints'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { TokenPool } from '../pool/token-pool'
import type { Clock } from '../runtime/clock'
import type { ResolvedSettings } from '../settings/settings-service'
import { createAdminRouter } from './admin/admin-routes'
import { requireClientKey, requireProxyEnabled } from './ai-route-guards'
import { createCloudCodeForwarder } from './cloud-code-forwarder'
import { createGeminiNativeRouter } from './gemini/gemini-native-route'
import { protocolForPath, sendProtocolError } from './protocol-errors'

/** Clients send whole conversations with images; the reference accepts 100 MiB. */
export const BODY_LIMIT = '100mb'

export interface HttpAppDeps {
  core: CoreApi
  pool: TokenPool
  settings: () => ResolvedSettings
  isProxyEnabled: () => boolean
  endpoints: GoogleEndpoints
  logger: Logger
  clock: Clock
}

/** One express app on one port: health, the admin API, and the AI routes of every protocol. */
export function createHttpApp(deps: HttpAppDeps): Express {
  const app = express()
  app.disable('x-powered-by')
  const jsonBody: RequestHandler = express.json({ limit: BODY_LIMIT })

  app.get(['/health', '/healthz'], (_req, res) => {
    res.json({ status: 'ok', version: APP_VERSION, proxy_enabled: deps.isProxyEnabled() })
  })
  app.use('/api', createAdminRouter(deps.core, deps.settings, jsonBody, deps.logger))
  app.use(
    ['/v1', '/v1beta'],
    requireClientKey(deps.settings),
    requireProxyEnabled(deps.isProxyEnabled),
  )
  const forward = createCloudCodeForwarder(deps.endpoints, deps.logger)
  app.use(
    createGeminiNativeRouter({
      pool: deps.pool,
      forward,
      jsonBody,
      clock: deps.clock,
      logger: deps.logger,
    }),
  )

  app.use((req, res) => {
    sendProtocolError(res, protocolForPath(req.originalUrl), {
      status: 404,
      kind: 'not_found',
      code: 'unknown_route',
      message: `agtray has no route ${req.method} ${req.path}; Gemini clients use /v1beta/models/{model}:generateContent`,
    })
  })
  app.use(errorHandler(deps.logger))
  return app
}

function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error: { type?: string; status?: number; message?: string }, req, res, _next) => {
    const protocol = protocolForPath(req.originalUrl)
    if (error.type === 'entity.too.large') {
      sendProtocolError(res, protocol, {
        status: 413,
        kind: 'too_large',
        code: 'request_too_large',
        message: `The request body is larger than ${BODY_LIMIT}`,
      })
      return
    }
    if (error.type === 'entity.parse.failed') {
      sendProtocolError(res, protocol, {
        status: 400,
        kind: 'invalid_request',
        code: 'invalid_json',
        message: `The request body is not valid JSON: ${error.message ?? ''}`.trim(),
      })
      return
    }
    logger.error(`${req.method} ${req.path} failed: ${describeError(error)}`)
    sendProtocolError(res, protocol, {
      status: 500,
      kind: 'internal',
      code: 'internal_error',
      message: 'agtray hit an internal error; see its log',
    })
  }
}
