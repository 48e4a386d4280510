import { createHash, randomBytes } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { AgtrayError } from '../agtray-error'
import { sameSecret } from '../proxy/client-key'
import type { ExchangedToken, GoogleOAuth } from './google-oauth'

export interface OAuthLoginFlow {
  /** Google's consent page for this flow; open it in a browser. */
  readonly authUrl: string
  readonly redirectUri: string
  /** Settles once: the tokens, or why the flow ended without them. */
  readonly result: Promise<ExchangedToken>
  cancel(): void
}

export const OAUTH_LOGIN_TIMEOUT_MS = 5 * 60_000
const CALLBACK_PATH = '/oauth-callback'

const page = (title: string, text: string): string =>
  `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:system-ui;margin:4rem auto;max-width:32rem"><h1>${title}</h1><p>${text}</p></body></html>`

/**
 * An OAuth login through a loopback redirect: a one-use listener on 127.0.0.1 with a random port
 * receives Google's redirect, checks the state, and trades the code (with its PKCE verifier) for
 * tokens. The listener closes after the first answer, on cancel, or after five minutes.
 */
export async function startOAuthLogin(
  oauth: GoogleOAuth,
  options: { timeoutMs?: number } = {},
): Promise<OAuthLoginFlow> {
  const state = randomBytes(24).toString('base64url')
  const codeVerifier = randomBytes(48).toString('base64url')
  const codeChallenge = createHash('sha256').update(codeVerifier).digest('base64url')
  let settle: { resolve(token: ExchangedToken): void; reject(error: Error): void } | null = null
  const result = new Promise<ExchangedToken>((resolve, reject) => {
    settle = { resolve, reject }
  })
  // Callers may cancel without awaiting the result; that must not be an unhandled rejection.
  result.catch(() => undefined)
  let done = false

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    if (url.pathname !== CALLBACK_PATH || done) {
      res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' })
      res.end(page('Not found', 'This address only answers Google’s sign-in redirect.'))
      return
    }
    const givenState = url.searchParams.get('state') ?? ''
    if (!sameSecret(givenState, state)) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
      res.end(
        page(
          'Sign-in refused',
          'The sign-in answer does not belong to this login. Start again from agtray.',
        ),
      )
      return
    }
    const googleError = url.searchParams.get('error')
    const code = url.searchParams.get('code')
    if (googleError || !code) {
      res.writeHead(400, { 'content-type': 'text/html; charset=utf-8' })
      res.end(page('Sign-in cancelled', 'Google did not grant access. You can close this tab.'))
      finish(
        new AgtrayError(
          'google_refused',
          `Google sign-in ended without access (${googleError ?? 'no code'})`,
        ),
      )
      return
    }
    done = true
    oauth.exchangeCode({ code, codeVerifier, redirectUri }).then(
      (token) => {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
        res.end(page('Account connected', 'agtray received the account. You can close this tab.'))
        finish(null, token)
      },
      (error: Error) => {
        res.writeHead(502, { 'content-type': 'text/html; charset=utf-8' })
        res.end(
          page('Sign-in failed', 'Google did not accept the sign-in. Start again from agtray.'),
        )
        finish(
          new AgtrayError('google_refused', `Google refused the sign-in code: ${error.message}`),
        )
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const redirectUri = `http://127.0.0.1:${port}${CALLBACK_PATH}`
  const timer = setTimeout(
    () =>
      finish(
        new AgtrayError('google_unavailable', 'The sign-in was not completed within 5 minutes'),
      ),
    options.timeoutMs ?? OAUTH_LOGIN_TIMEOUT_MS,
  )

  function finish(error: Error | null, token?: ExchangedToken): void {
    done = true
    clearTimeout(timer)
    server.close()
    server.closeIdleConnections()
    const current = settle
    settle = null
    if (!current) return
    if (error) current.reject(error)
    else if (token) current.resolve(token)
  }

  return {
    authUrl: oauth.buildAuthUrl({ redirectUri, state, codeChallenge }),
    redirectUri,
    result,
    cancel: () => finish(new AgtrayError('invalid_input', 'The sign-in was cancelled')),
  }
}
