import type { FakeContext } from './fake-context'
import { invalidCredentials, missingCredentials } from './google-errors'
import type { Exchange } from './http-exchange'
import { bearerToken } from './http-exchange'
import type { FakeUser } from './types'

/** The user behind the request's Bearer token, or null after answering 401 like Google. */
export function authenticate(
  ex: Exchange,
  ctx: FakeContext,
  errorHeaders: Record<string, string> = {},
): FakeUser | null {
  const token = bearerToken(ex.req)
  const user = token ? ctx.identities.authenticate(token) : undefined
  if (user) return user
  ex.sendJson(401, token === null ? missingCredentials() : invalidCredentials(), {
    'www-authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"',
    ...errorHeaders,
  })
  return null
}
