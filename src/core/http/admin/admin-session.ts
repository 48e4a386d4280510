import { randomBytes } from 'node:crypto'
import type { Request, RequestHandler, Response } from 'express'
import type { ResolvedSettings } from '../../settings/settings-service'
import { sameSecret } from '../../runtime/same-secret'

export const SESSION_COOKIE = 'agtray_session'
/** Non-GET calls made with the session cookie must carry this header (forms and other sites cannot). */
export const CSRF_HEADER = 'x-agtray-csrf'
const SESSION_TTL_MS = 12 * 60 * 60_000

export interface AdminSessions {
  /** Passes a request holding the admin token (Bearer) or a live web console session. */
  readonly require: RequestHandler
  login(token: string, res: Response, secure: boolean): boolean
  logout(req: Request, res: Response): void
  isLoggedIn(req: Request): boolean
}

function cookieOf(req: Request, name: string): string | null {
  for (const pair of (req.headers.cookie ?? '').split(';')) {
    const [key, ...value] = pair.trim().split('=')
    if (key !== name) continue
    try {
      return decodeURIComponent(value.join('='))
    } catch {
      // A cookie that does not decode is no session of ours.
      return null
    }
  }
  return null
}

/**
 * The web console logs in once with the admin token and then holds an HttpOnly, SameSite=Strict
 * session cookie, so the token is not kept in the page. Sessions live in memory: a restart logs
 * everyone out, which is what a user would expect of a local tool.
 */
export function createAdminSessions(
  settings: () => ResolvedSettings,
  onUnauthorized: RequestHandler,
): AdminSessions {
  const sessions = new Map<string, number>()
  const live = (req: Request): boolean => {
    const id = cookieOf(req, SESSION_COOKIE)
    const expires = id ? sessions.get(id) : undefined
    if (!id || !expires) return false
    if (expires < Date.now()) {
      sessions.delete(id)
      return false
    }
    return true
  }
  const bearerOk = (req: Request): boolean => {
    const header = req.headers.authorization
    const given = typeof header === 'string' ? header.replace(/^Bearer\s+/i, '').trim() : ''
    return given !== '' && sameSecret(given, settings().adminToken)
  }
  return {
    require: (req, res, next) => {
      if (bearerOk(req)) return next()
      if (live(req) && (req.method === 'GET' || req.headers[CSRF_HEADER] === '1')) return next()
      return onUnauthorized(req, res, next)
    },
    login(token, res, secure) {
      if (!sameSecret(token, settings().adminToken)) return false
      const id = randomBytes(32).toString('base64url')
      sessions.set(id, Date.now() + SESSION_TTL_MS)
      res.cookie(SESSION_COOKIE, id, {
        httpOnly: true,
        sameSite: 'strict',
        secure,
        path: '/',
        maxAge: SESSION_TTL_MS,
      })
      return true
    },
    logout(req, res) {
      const id = cookieOf(req, SESSION_COOKIE)
      if (id) sessions.delete(id)
      res.clearCookie(SESSION_COOKIE, { path: '/' })
    },
    isLoggedIn: (req) => bearerOk(req) || live(req),
  }
}
