import { createHash, randomBytes } from 'node:crypto'
import { AgtrayError } from '../agtray-error'
import { sameSecret } from '../runtime/same-secret'
import { GoogleAuthError } from './google-auth-error'
import { outboundProxyFailureIn } from './outbound-proxy-error'
import type { ExchangedToken, GoogleOAuth } from './google-oauth'

/** One sign-in attempt: its consent URL, and the secrets that tie Google's answer to it. */
export interface OAuthRequest {
  readonly authUrl: string
  readonly redirectUri: string
  readonly state: string
  readonly codeVerifier: string
}

export function createOAuthRequest(oauth: GoogleOAuth, redirectUri: string): OAuthRequest {
  const state = randomBytes(24).toString('base64url')
  const codeVerifier = randomBytes(48).toString('base64url')
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url')
  return {
    authUrl: oauth.buildAuthUrl({ redirectUri, state, codeChallenge }),
    redirectUri,
    state,
    codeVerifier,
  }
}

export const stateMatches = (request: OAuthRequest, query: Record<string, unknown>): boolean =>
  typeof query.state === 'string' && sameSecret(query.state, request.state)

/**
 * Trades the code Google sent back for tokens. The caller checked the state; this refuses an
 * answer without a code (the user pressed Cancel) in words the user understands.
 */
export async function exchangeCallback(
  oauth: GoogleOAuth,
  request: OAuthRequest,
  query: Record<string, unknown>,
): Promise<ExchangedToken> {
  const code = typeof query.code === 'string' ? query.code : null
  if (!code) {
    const why = typeof query.error === 'string' ? query.error : 'no code'
    throw new AgtrayError('google_refused', `Google sign-in ended without access (${why})`)
  }
  try {
    return await oauth.exchangeCode({
      code,
      codeVerifier: request.codeVerifier,
      redirectUri: request.redirectUri,
    })
  } catch (error) {
    const proxyFailure = outboundProxyFailureIn(error)
    if (proxyFailure)
      throw new AgtrayError(
        'outbound_proxy_failed',
        `While finishing the sign-in, ${proxyFailure.message}`,
      )
    // Google could not be reached (or failed) is not Google saying no: the user may just retry.
    if (error instanceof GoogleAuthError && error.kind === 'transient')
      throw new AgtrayError(
        'google_unavailable',
        `Google could not be reached to finish the sign-in: ${error.message}`,
      )
    throw new AgtrayError(
      'google_refused',
      `Google refused the sign-in code: ${(error as Error).message}`,
    )
  }
}
