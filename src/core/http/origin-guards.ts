import type { Request, RequestHandler } from 'express'
import type { ResolvedSettings } from '../settings/settings-service'
import { sendAdminError } from './admin/admin-error'

/**
 * Browsers put the page's origin on every cross-site request they send (fetch, no-cors fetch, a
 * form post), and AI clients do not. So an `Origin` header means a web page is calling: it may
 * never drive the admin API unless it is the web console itself (on AI routes it needs the API
 * key: see `requireClientKey`).
 */
const originOf = (req: Request): string | null => {
  const origin = req.headers.origin
  return typeof origin === 'string' && origin !== '' ? origin : null
}

/** The web console's own origin: this server as the browser addressed it (Host is checked first). */
const ownOrigin = (req: Request): string => `${req.protocol}://${req.headers.host ?? ''}`

/** Admin API: only the web console's own page, or a client that is no web page at all. */
export const refuseForeignOrigins: RequestHandler = (req, res, next) => {
  const origin = originOf(req)
  if (origin === null || origin === ownOrigin(req)) {
    next()
    return
  }
  sendAdminError(
    res,
    'foreign_origin',
    `The admin API does not answer web pages of other sites (${origin})`,
  )
}

/** Response headers a browser page needs to read: the retry time and what served the request. */
const exposedHeaders = 'retry-after, x-agtray-account-id, x-agtray-model, x-request-id'

/**
 * CORS on AI routes, only for the origins the user listed (`proxy.cors_origins`), never "*": a
 * listed page may read answers (it still needs the API key); any other page's browser blocks it.
 */
export function corsForAllowedOrigins(settings: () => ResolvedSettings): RequestHandler {
  return (req, res, next) => {
    const origin = originOf(req)
    if (origin === null || !settings().corsOrigins.includes(origin)) {
      next()
      return
    }
    res.vary('Origin')
    res.setHeader('access-control-allow-origin', origin)
    res.setHeader('access-control-expose-headers', exposedHeaders)
    if (req.method !== 'OPTIONS') {
      next()
      return
    }
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS')
    const asked = req.headers['access-control-request-headers']
    if (typeof asked === 'string') res.setHeader('access-control-allow-headers', asked)
    res.setHeader('access-control-max-age', '600')
    res.status(204).end()
  }
}
