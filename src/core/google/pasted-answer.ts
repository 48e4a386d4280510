import { AgtrayError } from '../agtray-error'
import type { ExchangedToken } from './google-oauth'
import type { OAuthFlow } from './oauth-flow'

/**
 * What a user pastes after signing in on another device: the address the browser ended on
 * (which may fail to load: it points at the server's loopback), its query alone, or only the
 * code. The URL and the query carry Google's `state`; a bare code has none, and is tied to this
 * sign-in by PKCE instead (Google trades it only with this flow's verifier).
 */
export function parsePastedAnswer(text: string): Record<string, string> {
  const pasted = text.trim()
  if (pasted === '') throw new AgtrayError('invalid_input', 'Paste the address or the code first')
  const query = /^[a-z][a-z0-9+.-]*:\/\//i.test(pasted)
    ? new URL(pasted).search
    : pasted.includes('=')
      ? pasted.replace(/^[^?]*\?/, '')
      : null
  if (query === null) return { code: decodeCode(pasted) }
  const params = Object.fromEntries(new URLSearchParams(query))
  if (!params.code && !params.error)
    throw new AgtrayError(
      'invalid_input',
      'This address has no sign-in code in it: paste the whole address your browser ended on',
    )
  return params
}

/** Codes copied from an address bar may still be percent-encoded (`4%2F0Ab…`). */
const decodeCode = (code: string): string => {
  try {
    return decodeURIComponent(code)
  } catch {
    return code
  }
}

/**
 * Finishes `flow` with a pasted answer. One whose state is not this sign-in's changes nothing:
 * the sign-in goes on waiting for the right one. Once the sign-in has its answer, or has ended,
 * any other is refused (`not_found`).
 */
export function completeWithPasted(flow: OAuthFlow, text: string): Promise<ExchangedToken> {
  const answer = parsePastedAnswer(text)
  if (answer.state !== undefined && !flow.stateMatches(answer))
    throw new AgtrayError(
      'invalid_input',
      'This address belongs to another sign-in (its state does not match). Paste the address of this sign-in, or start again.',
    )
  return flow.complete(answer)
}
