import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { AgtrayError } from '../agtray-error'
import type { ExchangedToken, GoogleOAuth } from './google-oauth'
import { createOAuthRequest, exchangeCallback, stateMatches } from './oauth-request'
import { resultPage } from './oauth-result-page'

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

/**
 * An OAuth login through a loopback redirect: a one-use listener on 127.0.0.1 with a random port
 * receives Google's redirect, checks the state, and trades the code (with its PKCE verifier) for
 * tokens. The listener closes after the first answer, on cancel, or after five minutes.
 */
export async function startOAuthLogin(
  oauth: GoogleOAuth,
  options: { timeoutMs?: number } = {},
): Promise<OAuthLoginFlow> {
  let settle: { resolve(token: ExchangedToken): void; reject(error: Error): void } | null = null
  const result = new Promise<ExchangedToken>((resolve, reject) => {
    settle = { resolve, reject }
  })
  // Callers may cancel without awaiting the result; that must not be an unhandled rejection.
  result.catch(() => undefined)
  let done = false
  let request: ReturnType<typeof createOAuthRequest> | null = null

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const send = (status: number, page: string): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
      res.end(page)
    }
    const query = Object.fromEntries(url.searchParams)
    if (url.pathname !== CALLBACK_PATH || done || !request) {
      send(404, resultPage('Not found', 'This address only answers Google’s sign-in redirect.'))
      return
    }
    if (!stateMatches(request, query)) {
      send(
        400,
        resultPage(
          'Sign-in refused',
          'The sign-in answer does not belong to this login. Start again from agtray.',
        ),
      )
      return
    }
    done = true
    exchangeCallback(oauth, request, query).then(
      (token) => {
        send(
          200,
          resultPage('Account connected', 'agtray received the account. You can close this tab.'),
        )
        finish(null, token)
      },
      (error: Error) => {
        send(400, resultPage('Sign-in not completed', error.message))
        finish(error)
      },
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  request = createOAuthRequest(oauth, `http://127.0.0.1:${port}${CALLBACK_PATH}`)
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
    authUrl: request.authUrl,
    redirectUri: request.redirectUri,
    result,
    cancel: () => finish(new AgtrayError('invalid_input', 'The sign-in was cancelled')),
  }
}
