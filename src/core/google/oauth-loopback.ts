import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Timers } from '../runtime/timers'
import type { GoogleOAuth } from './google-oauth'
import type { OAuthFlow } from './oauth-flow'
import { createOAuthFlow } from './oauth-flow'
import { resultPage } from './oauth-result-page'

const CALLBACK_PATH = '/oauth-callback'

/**
 * A sign-in whose answer comes back to a one-use listener on 127.0.0.1 with a random port (the
 * desktop app, `agtray login`). The listener answers only Google's redirect for this sign-in and
 * closes as soon as the sign-in ends, however it ends.
 */
export async function startLoopbackFlow(options: {
  oauth: GoogleOAuth
  timeoutMs: number
  timers: Timers
}): Promise<OAuthFlow> {
  let flow: OAuthFlow | null = null
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const send = (status: number, title: string, message: string): void => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' })
      res.end(resultPage(title, message))
    }
    const query = Object.fromEntries(url.searchParams)
    if (url.pathname !== CALLBACK_PATH || !flow) {
      send(404, 'Not found', 'This address only answers Google’s sign-in redirect.')
      return
    }
    if (!flow.owns(query)) {
      send(
        400,
        'Sign-in refused',
        'The sign-in answer does not belong to this login. Start again from agtray.',
      )
      return
    }
    flow.complete(query).then(
      () => send(200, 'Account connected', 'agtray received the account. You can close this tab.'),
      (error: Error) => send(400, 'Sign-in not completed', error.message),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const { port } = server.address() as AddressInfo
  const started = createOAuthFlow({
    ...options,
    redirectUri: `http://127.0.0.1:${port}${CALLBACK_PATH}`,
  })
  flow = started
  const close = (): void => {
    // The result page is on its way; only then does the listener go.
    server.close()
    setImmediate(() => server.closeIdleConnections())
  }
  started.result.then(close, close)
  return started
}
