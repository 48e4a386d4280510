import { AgtrayError } from '../agtray-error'

/** Longer than any address Google sends back; a paste beyond it is something else. */
const MAX_PASTE_LENGTH = 8192

/**
 * What a user pastes to finish a sign-in whose redirect their browser could not deliver (agtray
 * on another machine): the whole address the browser ended on, just its query, or only the code.
 * Returns the redirect's query as the callback would have received it.
 */
export function parsePastedAnswer(text: string): Record<string, string> {
  const pasted = text.trim()
  if (pasted === '' || pasted.length > MAX_PASTE_LENGTH) {
    throw new AgtrayError(
      'invalid_input',
      'Paste the address your browser ended on after signing in (it contains code=… and state=…), or the code alone',
    )
  }
  let query: URLSearchParams | null = null
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(pasted)) {
    try {
      query = new URL(pasted).searchParams
    } catch {
      query = null
    }
  } else if (/(^|[?&])(code|state|error)=/.test(pasted)) {
    query = new URLSearchParams(pasted.replace(/^[^?]*\?/, ''))
  } else if (/^[\w./~-]{8,2048}$/.test(pasted)) {
    // A code alone (Google's look like 4/0AVG…); the PKCE verifier still ties it to this sign-in.
    return { code: pasted }
  }
  if (!query || (!query.has('code') && !query.has('error'))) {
    throw new AgtrayError(
      'invalid_input',
      'This is not the address Google sent you back to: it has no code=… (paste the whole address from the browser’s address bar)',
    )
  }
  return Object.fromEntries(query)
}
