export const CLOUD_PLATFORM_SCOPE = 'https://www.googleapis.com/auth/cloud-platform'

/** A checked request to the authorization endpoint. */
export interface AuthRequest {
  clientId: string
  redirectUri: string
  scope: string
  state: string
  codeChallenge: string | null
}

export type AuthRequestCheck =
  { ok: true; request: AuthRequest } | { ok: false; error: string; description: string }

/** Installed-app clients may only redirect to a loopback listener with an explicit port. */
export function isLoopbackRedirect(uri: string): boolean {
  let url: URL
  try {
    url = new URL(uri)
  } catch {
    return false
  }
  return (
    url.protocol === 'http:' &&
    (url.hostname === '127.0.0.1' || url.hostname === 'localhost') &&
    url.port !== '' &&
    url.username === '' &&
    url.password === '' &&
    url.hash === ''
  )
}

/**
 * The checks Google makes before it shows a consent screen. Stricter than Google on `state`
 * (Google lets it be omitted): agtray always sends one, so a missing state is a bug worth a loud
 * failure. PKCE is S256 only, which is all agtray uses.
 */
export function checkAuthRequest(params: URLSearchParams, clientId: string): AuthRequestCheck {
  const get = (name: string): string => params.get(name) ?? ''
  const fail = (error: string, description: string): AuthRequestCheck => ({
    ok: false,
    error,
    description,
  })
  if (get('client_id') !== clientId) {
    return fail('invalid_client', 'The OAuth client was not found.')
  }
  const redirectUri = get('redirect_uri')
  if (!redirectUri) return fail('invalid_request', 'Missing required parameter: redirect_uri')
  if (!isLoopbackRedirect(redirectUri)) {
    return fail(
      'redirect_uri_mismatch',
      `The redirect URI in the request, ${redirectUri}, does not match the ones authorised for the OAuth client.`,
    )
  }
  const responseType = get('response_type')
  if (responseType !== 'code') {
    return fail(
      responseType ? 'unsupported_response_type' : 'invalid_request',
      responseType
        ? `Invalid response_type: ${responseType}`
        : 'Required parameter is missing: response_type',
    )
  }
  const scope = get('scope')
  if (!scope) return fail('invalid_request', 'Missing required parameter: scope')
  if (!scope.split(/\s+/).includes(CLOUD_PLATFORM_SCOPE)) {
    return fail('invalid_scope', `Scope ${CLOUD_PLATFORM_SCOPE} is required by this fake`)
  }
  const state = get('state')
  if (!state) return fail('invalid_request', 'Missing required parameter: state')
  const codeChallenge = get('code_challenge')
  const method = get('code_challenge_method')
  if (codeChallenge || method) {
    if (!codeChallenge) return fail('invalid_request', 'Missing required parameter: code_challenge')
    if (method !== 'S256') {
      return fail('invalid_request', `Invalid code_challenge_method: ${method || '(none)'}`)
    }
    if (!/^[A-Za-z0-9_-]{43}$/.test(codeChallenge)) {
      return fail('invalid_request', 'Invalid code_challenge.')
    }
  }
  return {
    ok: true,
    request: { clientId, redirectUri, scope, state, codeChallenge: codeChallenge || null },
  }
}
