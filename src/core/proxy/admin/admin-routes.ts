import type { NextFunction, Request, RequestHandler, Response } from 'express'
import express, { Router } from 'express'
import { z } from 'zod'
import { authModes } from '../../settings/settings-schema'
import { themes } from '../../settings/settings-schema'
import { isAgtrayError } from '../../agtray-error'
import type { CoreApi } from '../../core-api'
import type { Logger } from '../../logging/logger'
import { describeError } from '../../logging/logger'
import type { ResolvedSettings } from '../../settings/settings-service'
import { sendAdminError } from './admin-error'
import { createAdminSessions } from './admin-session'
import { createEventsRoute } from './events-route'

const schemas = {
  addAccount: z.object({ refresh_token: z.string().min(1) }),
  addFromText: z.object({ text: z.string().min(1) }),
  proxyDisabled: z.object({ proxy_disabled: z.boolean(), reason: z.string().max(500).nullish() }),
  proxySwitch: z.object({ enabled: z.boolean() }),
  login: z.object({ admin_token: z.string().min(1) }),
  oauthStart: z.object({ account_id: z.string().nullish() }),
  settingsPatch: z
    .object({
      theme: z.enum(themes),
      start_at_login: z.boolean(),
      start_proxy_at_launch: z.boolean(),
      port: z.number().int().min(0).max(65535),
      lan_access: z.boolean(),
      auth_mode: z.enum(authModes),
    })
    .partial()
    .strict(),
}

/** Parses a body with a schema, or answers 400 saying which field is wrong. */
function bodyOf<T>(schema: z.ZodType<T>, req: Request, res: Response): T | null {
  const parsed = schema.safeParse(req.body ?? {})
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  const field = issue?.path.join('.') || 'body'
  sendAdminError(res, 'invalid_input', `${field}: ${issue?.message ?? 'invalid'}`)
  return null
}

type AsyncHandler = (req: Request, res: Response) => Promise<void> | void

/**
 * The admin API under /api: JSON, the admin token as Bearer (or the web console's session cookie),
 * snake_case DTOs. No response carries an access or refresh token; the API key only on request.
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
        logger.error(`Admin API ${req.method} ${req.path} failed: ${describeError(error)}`)
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
      const body = bodyOf(schemas.login, req, res)
      if (!body) return
      if (!sessions.login(body.admin_token, res, req.secure)) {
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
  router.get('/accounts', (_req, res) => {
    res.json(core.listAccounts())
  })
  router.post(
    '/accounts',
    jsonBody,
    handle(async (req, res) => {
      const body = bodyOf(schemas.addAccount, req, res)
      if (!body) return
      const result = await core.addAccountByRefreshToken(body.refresh_token)
      res.status(result.created ? 201 : 200).json(result)
    }),
  )
  router.post(
    '/accounts/add-from-text',
    jsonBody,
    handle(async (req, res) => {
      const body = bodyOf(schemas.addFromText, req, res)
      if (body) res.json(await core.addAccountsFromText(body.text))
    }),
  )
  router.post(
    '/accounts/import',
    jsonBody,
    handle(async (req, res) => {
      res.json(await core.importAccounts(req.body))
    }),
  )
  router.delete(
    '/accounts/:id',
    handle(async (req, res) => {
      await core.removeAccount(String(req.params.id))
      res.status(204).end()
    }),
  )
  router.post(
    '/accounts/:id/proxy-disabled',
    jsonBody,
    handle(async (req, res) => {
      const body = bodyOf(schemas.proxyDisabled, req, res)
      if (!body) return
      res.json(
        await core.setAccountProxyDisabled(String(req.params.id), body.proxy_disabled, body.reason),
      )
    }),
  )

  router.post(
    '/oauth/start',
    jsonBody,
    handle(async (req, res) => {
      const body = bodyOf(schemas.oauthStart, req, res)
      if (!body) return
      // From the address agtray is bound to, never from the request's Host: Google must send the
      // browser back to this server, whatever name the page was reached by.
      const callbackUrl = `${core.proxyStatus().base_url}/oauth/callback`
      res.json(
        await core.startOAuth({
          accountId: body.account_id ?? null,
          redirect: { kind: 'server', callbackUrl },
        }),
      )
    }),
  )
  router.get(
    '/oauth/:flowId',
    handle((req, res) => {
      const url = core.oauthUrl(String(req.params.flowId))
      if (url) res.json({ auth_url: url })
      else sendAdminError(res, 'not_found', 'This sign-in has already ended')
    }),
  )
  router.post(
    '/oauth/:flowId/cancel',
    handle((req, res) => {
      core.cancelOAuth(String(req.params.flowId))
      res.json(null)
    }),
  )

  router.get('/proxy', (_req, res) => {
    res.json(core.proxyStatus())
  })
  router.post(
    '/proxy',
    jsonBody,
    handle(async (req, res) => {
      const body = bodyOf(schemas.proxySwitch, req, res)
      if (body) res.json(await core.setProxyEnabled(body.enabled))
    }),
  )
  router.get('/proxy/api-key', (_req, res) => {
    res.setHeader('cache-control', 'no-store')
    res.json({ api_key: core.revealApiKey() })
  })
  router.post(
    '/proxy/api-key/regenerate',
    handle(async (_req, res) => {
      res.json(await core.regenerateApiKey())
    }),
  )
  router.get('/settings', (_req, res) => {
    res.json(core.getSettings())
  })
  router.patch(
    '/settings',
    jsonBody,
    handle(async (req, res) => {
      const body = bodyOf(schemas.settingsPatch, req, res)
      if (body) res.json(await core.updateSettings(body))
    }),
  )
  router.get('/events', createEventsRoute(core))
  router.use((_req, res) => {
    sendAdminError(res, 'not_found', 'No such admin endpoint')
  })
  return router
}
