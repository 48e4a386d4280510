import { AgtrayError } from '../agtray-error'
import type { Timers } from '../runtime/timers'
import type { ExchangedToken, GoogleOAuth } from './google-oauth'
import { createOAuthRequest, exchangeCallback, stateMatches } from './oauth-request'

export const OAUTH_LOGIN_TIMEOUT_MS = 5 * 60_000

/**
 * One sign-in, whatever brings Google's answer back (a loopback listener, the server's own
 * callback route): its consent URL, its clock, and its one outcome. The clock stops the moment
 * Google's answer arrives, so a slow code exchange is never mistaken for a sign-in not done.
 */
export interface OAuthFlow {
  readonly authUrl: string
  readonly redirectUri: string
  /** Settles once: the tokens, or an AgtrayError saying why (cancelled, timed out, refused). */
  readonly result: Promise<ExchangedToken>
  /** Whether a redirect's query is Google's answer to this sign-in (its state). */
  owns(query: Record<string, unknown>): boolean
  /** Whether the query carries this sign-in's state, answered or not. */
  stateMatches(query: Record<string, unknown>): boolean
  /** Google's answer to this sign-in: trades the code; resolves or rejects like `result`. */
  complete(query: Record<string, unknown>): Promise<ExchangedToken>
  cancel(): void
}

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`

const describeDuration = (ms: number): string =>
  ms >= 60_000 && ms % 60_000 === 0
    ? plural(ms / 60_000, 'minute')
    : plural(Math.max(1, Math.round(ms / 1000)), 'second')

export function createOAuthFlow(options: {
  oauth: GoogleOAuth
  redirectUri: string
  timeoutMs: number
  timers: Timers
}): OAuthFlow {
  const request = createOAuthRequest(options.oauth, options.redirectUri)
  let settled = false
  let answered = false
  let settle!: { resolve(token: ExchangedToken): void; reject(error: Error): void }
  const result = new Promise<ExchangedToken>((resolve, reject) => {
    settle = { resolve, reject }
  })
  // Callers may cancel without awaiting the result; that must not be an unhandled rejection.
  result.catch(() => undefined)

  const end = (error: Error | null, token?: ExchangedToken): void => {
    if (settled) return
    settled = true
    stopClock()
    if (error) settle.reject(error)
    else if (token) settle.resolve(token)
  }
  const stopClock = options.timers.after(options.timeoutMs, () =>
    end(
      new AgtrayError(
        'sign_in_timed_out',
        `The sign-in was not completed within ${describeDuration(options.timeoutMs)}`,
      ),
    ),
  )

  return {
    authUrl: request.authUrl,
    redirectUri: request.redirectUri,
    result,
    owns: (query) => !settled && !answered && stateMatches(request, query),
    stateMatches: (query) => stateMatches(request, query),
    async complete(query) {
      if (settled || answered) throw new AgtrayError('not_found', 'This sign-in has already ended')
      answered = true
      stopClock()
      exchangeCallback(options.oauth, request, query).then(
        (token) => end(null, token),
        (error: Error) => end(error),
      )
      return result
    },
    cancel: () => end(new AgtrayError('sign_in_cancelled', 'The sign-in was cancelled')),
  }
}
