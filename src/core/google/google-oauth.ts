import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library'
import type { ClientIdentity } from './client-identity'
import type { GoogleEndpoints, OAuthClientConfig } from './google-endpoints'
import { oauthScopes } from './google-endpoints'
import { GoogleAuthError, toGoogleAuthError } from './google-auth-error'
import type { GoogleTransport } from './google-transport'
import { describeWait } from '../runtime/wait-time'

export interface RefreshedToken {
  access_token: string
  expires_in: number
  /** Only when Google rotated it. */
  refresh_token: string | null
  id_token: string | null
}

export interface ExchangedToken extends RefreshedToken {
  refresh_token: string
}

export interface GoogleUser {
  email: string
  name: string | null
}

/** Every OAuth call agtray makes, through google-auth-library's OAuth2Client. */
export interface GoogleOAuth {
  refresh(refreshToken: string): Promise<RefreshedToken>
  exchangeCode(input: {
    code: string
    codeVerifier: string
    redirectUri: string
  }): Promise<ExchangedToken>
  buildAuthUrl(input: { redirectUri: string; state: string; codeChallenge: string }): string
  userInfo(accessToken: string): Promise<GoogleUser>
}

export function createGoogleOAuth(
  endpoints: GoogleEndpoints,
  client: OAuthClientConfig,
  transport: GoogleTransport,
  identity: ClientIdentity,
): GoogleOAuth {
  const timeoutMs = transport.timeouts.quickMs
  const newClient = (redirectUri?: string): OAuth2Client => {
    const oauth = new OAuth2Client({
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      redirectUri,
      endpoints: { oauth2TokenUrl: endpoints.tokenUrl, oauth2AuthBaseUrl: endpoints.authUrl },
      // Defaults of the client's gaxios instance. The timeout must be one: gaxios arms its timeout
      // signal while preparing the request, before any interceptor runs, so a timeout set in an
      // interceptor never applied and a hanging token endpoint hung the request for good. The
      // agent puts OAuth on the same keep-alive pool as Cloud Code (gaxios hands it to node-fetch).
      transporterOptions: {
        agent: (url: URL) => transport.agentFor(url),
        timeout: timeoutMs,
      },
    })
    // The library retries 5xx and network errors three times with backoff. The pool would rather
    // fail fast and serve the request with the next account, so retries are turned off.
    oauth.transporter.interceptors.request.add({
      resolved: async (config) => {
        config.retryConfig = { ...config.retryConfig, retry: 0, noResponseRetries: 0 }
        // The sign-in's own agent, as Antigravity's (not the library's google-api-nodejs-client).
        // Runs after the library's own interceptor, so this replaces its User-Agent.
        config.headers.set('user-agent', identity.oauthUserAgent())
        return config
      },
    })
    return oauth
  }

  // Nothing else aborts these calls, so an abort is the timeout; say so instead of "aborted".
  const failure = (error: unknown): GoogleAuthError =>
    wasAborted(error)
      ? new GoogleAuthError(
          'transient',
          `Google did not answer within ${describeWait(timeoutMs)}`,
          null,
          null,
        )
      : toGoogleAuthError(error)

  return {
    async refresh(refreshToken) {
      const oauth = newClient()
      oauth.setCredentials({ refresh_token: refreshToken })
      try {
        const { credentials } = await oauth.refreshAccessToken()
        return toRefreshedToken(credentials)
      } catch (error) {
        throw failure(error)
      }
    },

    async exchangeCode({ code, codeVerifier, redirectUri }) {
      const oauth = newClient(redirectUri)
      try {
        const { tokens } = await oauth.getToken({ code, codeVerifier, redirect_uri: redirectUri })
        const refreshed = toRefreshedToken(tokens)
        if (!refreshed.refresh_token) {
          throw new GoogleAuthError(
            'rejected',
            'Google did not return a refresh token; remove agtray from your Google account permissions and try again',
            null,
            null,
          )
        }
        return { ...refreshed, refresh_token: refreshed.refresh_token }
      } catch (error) {
        throw failure(error)
      }
    },

    buildAuthUrl({ redirectUri, state, codeChallenge }) {
      return newClient(redirectUri).generateAuthUrl({
        access_type: 'offline',
        prompt: 'consent',
        include_granted_scopes: true,
        scope: [...oauthScopes],
        state,
        code_challenge: codeChallenge,
        code_challenge_method: CodeChallengeMethod.S256,
      })
    },

    async userInfo(accessToken) {
      const oauth = newClient()
      try {
        const { data } = await oauth.transporter.request<{
          email?: string
          name?: string
          given_name?: string
          family_name?: string
        }>({ url: endpoints.userinfoUrl, headers: { Authorization: `Bearer ${accessToken}` } })
        if (!data.email)
          throw new GoogleAuthError(
            'rejected',
            'Google did not say which email this account has',
            null,
            null,
          )
        const joined = [data.given_name, data.family_name].filter(Boolean).join(' ')
        return { email: data.email, name: data.name?.trim() || joined || null }
      } catch (error) {
        throw failure(error)
      }
    },
  }
}

function wasAborted(error: unknown): boolean {
  const like = error as { name?: unknown; cause?: { name?: unknown } } | null
  return like?.name === 'AbortError' || like?.cause?.name === 'AbortError'
}

function toRefreshedToken(credentials: {
  access_token?: string | null
  expiry_date?: number | null
  refresh_token?: string | null
  id_token?: string | null
}): RefreshedToken {
  if (!credentials.access_token) {
    throw new GoogleAuthError('transient', 'Google answered without an access token', null, null)
  }
  // The library turns expires_in into an absolute expiry_date; we store seconds like the reference.
  const expiresIn = credentials.expiry_date
    ? Math.max(0, Math.round((credentials.expiry_date - Date.now()) / 1000))
    : 3599
  return {
    access_token: credentials.access_token,
    expires_in: expiresIn,
    refresh_token: credentials.refresh_token ?? null,
    id_token: credentials.id_token ?? null,
  }
}
