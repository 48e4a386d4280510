import type { FakeUser } from './types'
import { newAccessToken, newRefreshToken } from './random-ids'
import { nameFromEmail, projectIdFromEmail } from './user-profile'

export const ACCESS_TOKEN_LIFETIME_S = 3599

/** What agtray asks for; tokens minted by addUser/mintRefreshToken carry these scopes. */
export const DEFAULT_SCOPES = [
  'openid',
  'https://www.googleapis.com/auth/cloud-platform',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile',
  'https://www.googleapis.com/auth/cclog',
  'https://www.googleapis.com/auth/experimentsandconfigs',
].join(' ')

interface RefreshGrant {
  email: string
  scope: string
  revoked: boolean
}

interface AccessGrant {
  email: string
  expiresAt: number
  expired: boolean
}

/** Users and every token Google would hold for them. */
export interface IdentityStore {
  addUser(input: { email: string; name?: string; projectId?: string }): FakeUser
  user(email: string): FakeUser | undefined
  mintRefreshToken(email: string, scope?: string): string
  revokeRefreshToken(refreshToken: string): void
  /** The live grant behind a refresh token; undefined when unknown or revoked. */
  refreshGrant(refreshToken: string): { user: FakeUser; scope: string } | undefined
  issueAccessToken(email: string): { accessToken: string; expiresIn: number }
  /** The user of a valid, unexpired access token. */
  authenticate(accessToken: string): FakeUser | undefined
  userForAccessToken(accessToken: string): FakeUser | undefined
  expireAccessTokens(): void
  consentUser(): FakeUser | undefined
  setConsentUser(email: string): void
}

export function createIdentityStore(): IdentityStore {
  const users = new Map<string, FakeUser>()
  const refreshTokens = new Map<string, RefreshGrant>()
  const accessTokens = new Map<string, AccessGrant>()
  let consentEmail: string | null = null

  const requireUser = (email: string): FakeUser => {
    const user = users.get(email)
    if (!user) throw new Error(`fake-google: no user ${email}; call addUser first`)
    return user
  }

  const store: IdentityStore = {
    addUser({ email, name, projectId }) {
      // Re-adding would silently change a user other code already holds tokens for.
      if (users.has(email)) throw new Error(`fake-google: user ${email} already exists`)
      const user: FakeUser = {
        email,
        name: name ?? nameFromEmail(email),
        projectId: projectId ?? projectIdFromEmail(email),
      }
      users.set(email, user)
      consentEmail = email
      return user
    },
    user: (email) => users.get(email),
    mintRefreshToken(email, scope = DEFAULT_SCOPES) {
      requireUser(email)
      const token = newRefreshToken()
      refreshTokens.set(token, { email, scope, revoked: false })
      return token
    },
    revokeRefreshToken(refreshToken) {
      const grant = refreshTokens.get(refreshToken)
      if (grant) grant.revoked = true
    },
    refreshGrant(refreshToken) {
      const grant = refreshTokens.get(refreshToken)
      if (!grant || grant.revoked) return undefined
      return { user: requireUser(grant.email), scope: grant.scope }
    },
    issueAccessToken(email) {
      requireUser(email)
      const accessToken = newAccessToken()
      const expiresAt = Date.now() + ACCESS_TOKEN_LIFETIME_S * 1000
      accessTokens.set(accessToken, { email, expiresAt, expired: false })
      return { accessToken, expiresIn: ACCESS_TOKEN_LIFETIME_S }
    },
    authenticate(accessToken) {
      const grant = accessTokens.get(accessToken)
      if (!grant || grant.expired || Date.now() >= grant.expiresAt) return undefined
      return users.get(grant.email)
    },
    userForAccessToken(accessToken) {
      const grant = accessTokens.get(accessToken)
      return grant ? users.get(grant.email) : undefined
    },
    expireAccessTokens() {
      for (const grant of accessTokens.values()) grant.expired = true
    },
    consentUser: () => (consentEmail === null ? undefined : users.get(consentEmail)),
    setConsentUser(email) {
      requireUser(email)
      consentEmail = email
    },
  }
  return store
}
