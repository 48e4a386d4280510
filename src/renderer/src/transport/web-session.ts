import type { HttpTarget } from './http-request'
import { sendJson } from './http-request'

/**
 * The web console's login: the admin token is sent once and exchanged for an HttpOnly session
 * cookie, so the page never keeps the token.
 */
export interface WebSession {
  login(adminToken: string): Promise<void>
  logout(): Promise<void>
  isLoggedIn(): Promise<boolean>
}

export function createWebSession(target: HttpTarget): WebSession {
  return {
    async login(adminToken) {
      await sendJson(target, {
        method: 'POST',
        path: '/api/session',
        body: { admin_token: adminToken },
      })
    },
    async logout() {
      await sendJson(target, { method: 'DELETE', path: '/api/session' })
    },
    async isLoggedIn() {
      const body = await sendJson(target, { method: 'GET', path: '/api/session' })
      return (body as { authenticated?: unknown } | null)?.authenticated === true
    },
  }
}
