import { createHash } from 'node:crypto'
import type { OAuthErrorBody } from './google-errors'
import { oauthError } from './google-errors'
import { newAuthCode } from './random-ids'

export const AUTH_CODE_LIFETIME_MS = 5 * 60_000

export interface AuthCodeGrant {
  clientId: string
  redirectUri: string
  email: string
  scope: string
  /** S256 challenge, or null when the auth request had none. */
  codeChallenge: string | null
}

export type RedeemResult =
  { ok: true; grant: AuthCodeGrant } | { ok: false; status: number; body: OAuthErrorBody }

/** One-use authorization codes, each bound to its client, redirect URI, user and PKCE challenge. */
export interface AuthorizationCodes {
  issue(grant: AuthCodeGrant): string
  redeem(input: {
    code: string
    clientId: string
    redirectUri: string | null
    codeVerifier: string | null
  }): RedeemResult
}

const s256 = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url')

export function createAuthorizationCodes(): AuthorizationCodes {
  const codes = new Map<string, AuthCodeGrant & { expiresAt: number }>()
  const badCode = (): RedeemResult => ({
    ok: false,
    status: 400,
    body: oauthError('invalid_grant', 'Bad Request'),
  })

  return {
    issue(grant) {
      const code = newAuthCode()
      codes.set(code, { ...grant, expiresAt: Date.now() + AUTH_CODE_LIFETIME_MS })
      return code
    },
    redeem({ code, clientId, redirectUri, codeVerifier }) {
      const stored = codes.get(code)
      // Any presentation burns the code, so a retry after a failed exchange cannot succeed.
      codes.delete(code)
      if (!stored || Date.now() >= stored.expiresAt) return badCode()
      if (stored.clientId !== clientId) {
        return { ok: false, status: 400, body: oauthError('unauthorized_client', 'Unauthorized') }
      }
      if (redirectUri !== stored.redirectUri) {
        return { ok: false, status: 400, body: oauthError('redirect_uri_mismatch', 'Bad Request') }
      }
      if (stored.codeChallenge !== null) {
        if (!codeVerifier) {
          return {
            ok: false,
            status: 400,
            body: oauthError('invalid_grant', 'Missing code verifier.'),
          }
        }
        if (s256(codeVerifier) !== stored.codeChallenge) {
          return {
            ok: false,
            status: 400,
            body: oauthError('invalid_grant', 'Invalid code verifier.'),
          }
        }
      }
      const { expiresAt: _expiresAt, ...grant } = stored
      return { ok: true, grant }
    },
  }
}
