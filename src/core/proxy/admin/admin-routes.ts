import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { Router } from 'express'
import { z } from 'zod'
import { httpStatusForErrorCode } from '../../../shared/error-codes'
import type { ErrorBodyDto, ErrorCode } from '../../../shared/error-codes'
import { isAgtrayError } from '../../agtray-error'
import type { CoreApi } from '../../core-api'
import type { Logger } from '../../logging/logger'
import { describeError } from '../../logging/logger'
import type { ResolvedSettings } from '../../settings/settings-service'
import { sameSecret } from '../client-key'
import { createEventsRoute } from './events-route'

export const sendAdminError = (res: Response, code: ErrorCode, message: string): void => {
  const body: ErrorBodyDto = { error: { code, message } }
  res.status(httpStatusForErrorCode[code]).json(body)
}

const addAccountSchema = z.object({ refresh_token: z.string().min(1) })
const proxyDisabledSchema = z.object({
  proxy_disabled: z.boolean(),
  reason: z.string().max(500).nullish(),
})
const proxySwitchSchema = z.object({ enabled: z.boolean() })

/** Parses a body with a schema, or answers 400 saying which field is wrong. */
function bodyOf<T>(schema: z.ZodType<T>, req: Request, res: Response): T | null {
  const parsed = schema.safeParse(req.body)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue?.path.join('.') || 'body'
  sendAdminError(res, 'invalid_input', `${field}: ${issue?.message ?? 'invalid'}`)
  return null
}

function requireAdminToken(settings: () => ResolvedSettings): RequestHandler {
  return (req, res, next) => {
    const header = req.headers.authorization
    const given = typeof header === 'string' ? header.replace(/^Bearer\s+/i, '').trim() : ''
    if (given && sameSecret(given, settings().adminToken)) {
      next()
      return
    }
    sendAdminError(
      res,
      'unauthorized',
      'The admin API needs "Authorization: Bearer <admin token>"; the token is proxy.admin_token in settings.json',
    )
  }
}

type AsyncHandler = (req: Request, res: Response) => Promise<void>

/** Express 5 forwards rejected promises; this maps them to the admin error shape. */
const handle =
  (logger: Logger, handler: AsyncHandler): RequestHandler =>
  async (req: Request, res: Response, _next: NextFunction) => {
    try {
      await handler(req, res)
    } catch (error) {
      if (isAgtrayError(error)) {
        sendAdminError(res, error.code, error.message)
        return
      }
      logger.error(`Admin API ${req.method} ${req.path} failed: ${describeError(error)}`)
      sendAdminError(res, 'internal', 'Internal error; see the agtray log')
    }
  }

/** The admin API under /api: JSON, Bearer admin token, snake_case DTOs, never a token. */
export function createAdminRouter(
  core: CoreApi,
  settings: () => ResolvedSettings,
  jsonBody: RequestHandler,
  logger: Logger,
): Router {
  const router = Router()
  router.use(requireAdminToken(settings))
  router.get('/accounts', (_req, res) => {
    res.json(core.listAccounts())
  })
  router.post(
    '/accounts',
    jsonBody,
    handle(logger, async (req, res) => {
      const body = bodyOf(addAccountSchema, req, res)
      if (!body) return
      const result = await core.addAccountByRefreshToken(body.refresh_token)
      res.status(result.created ? 201 : 200).json(result)
    }),
  )
  router.post(
    '/accounts/import',
    jsonBody,
    handle(logger, async (req, res) => {
      res.json(await core.importAccounts(req.body))
    }),
  )
  router.delete(
    '/accounts/:id',
    handle(logger, async (req, res) => {
      await core.removeAccount(String(req.params.id))
      res.status(204).end()
    }),
  )
  router.post(
    '/accounts/:id/proxy-disabled',
    jsonBody,
    handle(logger, async (req, res) => {
      const body = bodyOf(proxyDisabledSchema, req, res)
      if (!body) return
      res.json(
        await core.setAccountProxyDisabled(String(req.params.id), body.proxy_disabled, body.reason),
      )
    }),
  )
  router.get('/proxy', (_req, res) => {
    res.json(core.proxyStatus())
  })
  router.post(
    '/proxy',
    jsonBody,
    handle(logger, async (req, res) => {
      const body = bodyOf(proxySwitchSchema, req, res)
      if (!body) return
      res.json(await core.setProxyEnabled(body.enabled))
    }),
  )
  router.get('/events', createEventsRoute(core))
  router.use((_req, res) => {
    sendAdminError(res, 'not_found', 'No such admin endpoint')
  })
  return router
}
