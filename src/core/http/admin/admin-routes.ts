import type { NextFunction, Request, RequestHandler, Response } from 'express'
import express, { Router } from 'express'
import { z } from 'zod'
import { isAgtrayError } from '../../agtray-error'
import type { CoreApi } from '../../core-api'
import type { Logger } from '../../logging/logger'
import { describeError } from '../../logging/logger'
import type { ResolvedSettings } from '../../settings/settings-service'
import { describeZodError } from '../zod-issue'
import { sendAdminError } from './admin-error'
import { createAdminHandlers } from './admin-handlers'
import type { AsyncHandler } from './admin-operation-routes'
import { addOperationRoutes } from './admin-operation-routes'
import { createAdminSessions } from './admin-session'
import { createEventsRoute } from './events-route'

const loginSchema = z.object({ admin_token: z.string().min(1) })

/**
 * The admin API under /api: JSON, the admin token as Bearer (or the web console's session cookie),
 * snake_case DTOs. No response carries an access or refresh token; the API key only on request.
 * The calls are the operations of `src/shared/operations.ts`; the session and the event stream,
 * which are not calls, are here.
 */
export function createAdminRouter(
  core: CoreApi,
  settings: () => ResolvedSettings,
  jsonBody: RequestHandler,
  logger: Logger,
): Router {
  const router = Router()
  /** Express 5 forwards rejected promises; this maps them to the admin error shape. */
  const handle =
    (handler: AsyncHandler): RequestHandler =>
    async (req: Request, res: Response, _next: NextFunction) => {
      try {
        await handler(req, res)
      } catch (error) {
        if (isAgtrayError(error)) {
          sendAdminError(res, error.code, error.message)
          return
        }
        logger.error(
          `Admin API ${req.method} ${req.path} failed: ${error instanceof Error ? (error.stack ?? error.message) : describeError(error)}`,
        )
        sendAdminError(res, 'internal', 'Internal error; see the agtray log')
      }
    }
  const sessions = createAdminSessions(settings, (_req, res) =>
    sendAdminError(
      res,
      'unauthorized',
      'The admin API needs "Authorization: Bearer <admin token>"; the token is proxy.admin_token in settings.json',
    ),
  )

  router.get('/session', (req, res) => {
    res.json({ authenticated: sessions.isLoggedIn(req) })
  })
  router.post(
    '/session',
    // Whoever logs in sends a token; more is not read before the token is checked.
    express.json({ limit: '16kb' }),
    handle((req, res) => {
      const body = loginSchema.safeParse(req.body ?? {})
      if (!body.success) {
        sendAdminError(res, 'invalid_input', describeZodError(body.error))
        return
      }
      if (!sessions.login(body.data.admin_token, res, req.secure)) {
        sendAdminError(
          res,
          'unauthorized',
          'That is not the admin token (proxy.admin_token in settings.json)',
        )
        return
      }
      res.json({ authenticated: true })
    }),
  )
  router.delete('/session', (req, res) => {
    sessions.logout(req, res)
    res.status(204).end()
  })

  router.use(sessions.require)
  addOperationRoutes(router, { handlers: createAdminHandlers(core), jsonBody, handle })
  router.get('/events', createEventsRoute(core))
  router.use((_req, res) => {
    sendAdminError(res, 'not_found', 'No such admin endpoint')
  })
  return router
}
