import { CodeChallengeMethod, OAuth2Client } from 'google-auth-library'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { startFakeGoogle } from '../fakes/google'

/**
 * The fake is only worth something if the real client library cannot tell it from Google:
 * these tests drive google-auth-library's OAuth2Client against it, the way agtray does.
 */

const REDIRECT_URI = 'http://127.0.0.1:53682/oauth-callback'
const SCOPES = [
  'openid',
  'https://www.googleapis.com/auth/cloud-platform',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile',
]

let fake: FakeGoogle

beforeEach(async () => {
  fake = await startFakeGoogle()
})
afterEach(async () => {
  await fake.close()
})

function newClient(options: { retries?: boolean; clientSecret?: string } = {}): OAuth2Client {
  const client = new OAuth2Client({
    clientId: fake.clientId,
    clientSecret: options.clientSecret ?? fake.clientSecret,
    redirectUri: REDIRECT_URI,
    endpoints: {
      oauth2TokenUrl: `${fake.url}/token`,
      oauth2AuthBaseUrl: `${fake.url}/o/oauth2/v2/auth`,
    },
  })
  if (options.retries === false) {
    // What agtray does: no library retries, so the pool can move on to another account.
    client.transporter.interceptors.request.add({
      resolved: async (config) => {
        config.retryConfig = { ...config.retryConfig, retry: 0, noResponseRetries: 0 }
        return config
      },
    })
  }
  return client
}

async function authorize(client: OAuth2Client): Promise<{ code: string; codeVerifier: string }> {
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync()
  const url = client.generateAuthUrl({
    access_type: 'offline',
    prompt: 'consent',
    scope: SCOPES,
    state: 'state-xyz',
    code_challenge: codeChallenge,
    code_challenge_method: CodeChallengeMethod.S256,
  })
  expect(url.startsWith(`${fake.url}/o/oauth2/v2/auth?`)).toBe(true)
  const response = await fetch(url, { redirect: 'manual' })
  expect(response.status).toBe(302)
  const location = new URL(response.headers.get('location')!)
  expect(location.searchParams.get('state')).toBe('state-xyz')
  return { code: location.searchParams.get('code')!, codeVerifier }
}

/** What a rejected library call looks like from the outside (a GaxiosError, duck-typed). */
async function failure(promise: Promise<unknown>) {
  const error = (await promise.then(
    () => expect.unreachable('expected the call to fail'),
    (caught: unknown) => caught,
  )) as {
    constructor: { name: string }
    message: string
    code?: unknown
    status?: number
    response?: { status: number; data: unknown }
  }
  return error
}

describe('google-auth-library against the fake', () => {
  it('completes a PKCE login: generateAuthUrl, consent, getToken({code, codeVerifier})', async () => {
    fake.addUser({ email: 'ana@example.com', name: 'Ana Lima' })
    fake.setConsentMode('auto')
    const client = newClient()
    const { code, codeVerifier } = await authorize(client)
    const { tokens } = await client.getToken({ code, codeVerifier })
    expect(tokens.access_token).toMatch(/^ya29\.fake-/)
    expect(tokens.refresh_token).toMatch(/^1\/\/0fake-/)
    expect(tokens.token_type).toBe('Bearer')
    expect(tokens.scope).toBe(SCOPES.join(' '))
    // The library turns expires_in into an absolute expiry_date.
    expect(tokens.expiry_date! - Date.now()).toBeGreaterThan(3590_000)
    expect(tokens).not.toHaveProperty('expires_in')
    const idToken = tokens.id_token!.split('.')
    expect(JSON.parse(Buffer.from(idToken[1]!, 'base64url').toString())).toMatchObject({
      email: 'ana@example.com',
      aud: fake.clientId,
    })
    expect(fake.userForAccessToken(tokens.access_token!)?.email).toBe('ana@example.com')

    const token = fake.callsTo('token')[0]!
    expect(token.grantType).toBe('authorization_code')
    expect(token.body).toMatchObject({
      client_secret: fake.clientSecret,
      redirect_uri: REDIRECT_URI,
    })
    expect(token.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/)
  })

  it('uses the fresh credentials for API calls through client.request', async () => {
    fake.addUser({ email: 'ana@example.com', name: 'Ana Lima' })
    fake.setConsentMode('auto')
    const client = newClient()
    const { code, codeVerifier } = await authorize(client)
    const { tokens } = await client.getToken({ code, codeVerifier })
    client.setCredentials(tokens)
    const { data } = await client.request<{ email: string; name: string }>({
      url: `${fake.url}/oauth2/v2/userinfo`,
    })
    expect(data).toMatchObject({ email: 'ana@example.com', name: 'Ana Lima' })
  })

  it('turns wrong or missing code verifiers into GaxiosError invalid_grant with the parsed body', async () => {
    fake.addUser({ email: 'ana@example.com' })
    fake.setConsentMode('auto')
    const client = newClient()
    const wrong = await failure(
      authorize(client).then(({ code }) => client.getToken({ code, codeVerifier: 'x'.repeat(64) })),
    )
    expect(wrong.constructor.name).toBe('GaxiosError')
    expect(wrong.message).toBe('invalid_grant')
    expect(wrong.status).toBe(400)
    expect(wrong.response?.data).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid code verifier.',
    })
    const missing = await failure(authorize(client).then(({ code }) => client.getToken({ code })))
    expect(missing.response?.data).toEqual({
      error: 'invalid_grant',
      error_description: 'Missing code verifier.',
    })
  })

  it('refuses a code the second time', async () => {
    fake.addUser({ email: 'ana@example.com' })
    fake.setConsentMode('auto')
    const client = newClient()
    const { code, codeVerifier } = await authorize(client)
    await client.getToken({ code, codeVerifier })
    const again = await failure(client.getToken({ code, codeVerifier }))
    expect(again.message).toBe('invalid_grant')
    expect(again.response?.data).toEqual({
      error: 'invalid_grant',
      error_description: 'Bad Request',
    })
  })

  it('refreshes with refreshAccessToken and keeps the refresh token it was given', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    const client = newClient()
    client.setCredentials({ refresh_token: refreshToken })
    const { credentials } = await client.refreshAccessToken()
    expect(credentials.access_token).toMatch(/^ya29\.fake-/)
    // The fake sends no refresh_token on refresh; the library copies the old one back in.
    expect(credentials.refresh_token).toBe(refreshToken)
    expect(credentials.expiry_date! - Date.now()).toBeGreaterThan(3590_000)
    expect(fake.refreshCalls(refreshToken)).toBe(1)
  })

  it('getAccessToken refreshes once, then serves the cached token', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    const client = newClient()
    client.setCredentials({ refresh_token: refreshToken })
    const first = await client.getAccessToken()
    const second = await client.getAccessToken()
    expect(first.token).toMatch(/^ya29\.fake-/)
    expect(second.token).toBe(first.token)
    expect(fake.refreshCalls(refreshToken)).toBe(1)
  })

  it('shares one refresh among concurrent callers of the same client', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    fake.setRefreshDelay(100)
    const client = newClient()
    client.setCredentials({ refresh_token: refreshToken })
    const tokens = await Promise.all([
      client.refreshAccessToken(),
      client.refreshAccessToken(),
      client.getAccessToken(),
    ])
    expect(
      new Set(tokens.map((t) => ('credentials' in t ? t.credentials.access_token : t.token))).size,
    ).toBe(1)
    expect(fake.refreshCalls(refreshToken)).toBe(1)
  })

  it('surfaces a revoked refresh token as GaxiosError "invalid_grant", status 400, data parsed', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    fake.revokeRefreshToken(refreshToken)
    const client = newClient()
    client.setCredentials({ refresh_token: refreshToken })
    const error = await failure(client.refreshAccessToken())
    expect(error.constructor.name).toBe('GaxiosError')
    expect(error.message).toBe('invalid_grant')
    expect(error.status).toBe(400)
    expect(error.response?.status).toBe(400)
    expect(error.response?.data).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    })
    // 4xx is not retried.
    expect(fake.refreshCalls(refreshToken)).toBe(1)
    const viaGetAccessToken = await failure(client.getAccessToken())
    expect(viaGetAccessToken.message).toBe('invalid_grant')
  })

  it('surfaces a wrong client secret as GaxiosError "invalid_client", status 401', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    const client = newClient({ clientSecret: 'wrong' })
    client.setCredentials({ refresh_token: refreshToken })
    const error = await failure(client.refreshAccessToken())
    expect(error.message).toBe('invalid_client')
    expect(error.status).toBe(401)
    expect(error.response?.data).toEqual({
      error: 'invalid_client',
      error_description: 'The OAuth client was not found.',
    })
  })

  it('retries a transient 5xx by itself unless retries are turned off', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    fake.failRefresh({ refreshToken, times: 1 })
    const retrying = newClient()
    retrying.setCredentials({ refresh_token: refreshToken })
    await expect(retrying.refreshAccessToken()).resolves.toBeTruthy()
    expect(fake.refreshCalls(refreshToken)).toBe(2)

    fake.resetCalls()
    fake.failRefresh({ refreshToken, times: 1, status: 503 })
    const failFast = newClient({ retries: false })
    failFast.setCredentials({ refresh_token: refreshToken })
    const error = await failure(failFast.refreshAccessToken())
    expect(error.status).toBe(503)
    expect(error.message).toBe('temporarily_unavailable')
    expect(fake.refreshCalls(refreshToken)).toBe(1)
  })

  it('does not refresh on a 401 when it knows an expiry date, unless forceRefreshOnFailure is set', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    const client = newClient()
    client.setCredentials({ refresh_token: refreshToken })
    await client.getAccessToken()
    fake.expireAccessTokens()
    const userinfo = `${fake.url}/oauth2/v2/userinfo`
    const error = await failure(client.request({ url: userinfo }))
    expect(error.status).toBe(401)
    expect(error.message).toMatch(/^Request had invalid authentication credentials/)
    expect(fake.refreshCalls(refreshToken)).toBe(1)

    client.forceRefreshOnFailure = true
    const { data } = await client.request<{ email: string }>({ url: userinfo })
    expect(data.email).toBe('ana@example.com')
    expect(fake.refreshCalls(refreshToken)).toBe(2)
    expect(fake.callsTo('userinfo').map((call) => call.status)).toEqual([401, 401, 200])
  })

  it('reports a Google RPC error body of an API call through message and response.data', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    const client = newClient()
    client.setCredentials({ refresh_token: refreshToken })
    const error = await failure(
      client.request({
        url: `${fake.url}/v1internal:generateContent`,
        method: 'POST',
        data: { project: '', model: 'm', request: { contents: [] } },
      }),
    )
    expect(error.status).toBe(400)
    expect(error.message).toBe('Invalid project resource name projects/')
    expect(error.response?.data).toMatchObject({ error: { status: 'INVALID_ARGUMENT' } })
  })
})
