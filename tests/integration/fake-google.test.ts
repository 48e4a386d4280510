import { createHash, randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { startFakeGoogle } from '../fakes/google'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, '../fixtures', name), 'utf8'))

const CLOUD_PLATFORM = 'https://www.googleapis.com/auth/cloud-platform'
const REDIRECT_URI = 'http://127.0.0.1:53682/oauth-callback'

let fake: FakeGoogle

beforeEach(async () => {
  fake = await startFakeGoogle()
})
afterEach(async () => {
  vi.useRealTimers()
  await fake.close()
})

const postForm = (fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${fake.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields),
  })

const refreshForm = (refreshToken: string): Record<string, string> => ({
  grant_type: 'refresh_token',
  refresh_token: refreshToken,
  client_id: fake.clientId,
  client_secret: fake.clientSecret,
})

async function accessTokenFor(refreshToken: string): Promise<string> {
  const response = await postForm(refreshForm(refreshToken))
  expect(response.status).toBe(200)
  return ((await response.json()) as { access_token: string }).access_token
}

/** A signed-in user with a fresh access token. */
async function signedIn(email = 'ana@example.com') {
  const { refreshToken } = fake.addUser({ email })
  const accessToken = await accessTokenFor(refreshToken)
  return {
    email,
    refreshToken,
    accessToken,
    projectId: fake.userForAccessToken(accessToken)!.projectId,
  }
}

const callV1 = (method: string, accessToken: string | null, body: unknown, query = '') =>
  fetch(`${fake.url}/v1internal:${method}${query}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(accessToken === null ? {} : { authorization: `Bearer ${accessToken}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

const envelope = (project: string, overrides: Record<string, unknown> = {}) => ({
  project,
  model: 'gemini-2.5-flash',
  request: { contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }] },
  userAgent: 'antigravity',
  requestType: 'agent',
  requestId: 'agent/1/abc',
  ...overrides,
})

/** Splits a raw SSE body into its `data:` JSON payloads, insisting on CRLF framing. */
function sseEvents(raw: string): any[] {
  expect(raw.endsWith('\r\n\r\n')).toBe(true)
  return raw
    .split('\r\n\r\n')
    .filter(Boolean)
    .map((block) => {
      expect(block.startsWith('data: ')).toBe(true)
      return JSON.parse(block.slice('data: '.length))
    })
}

function authUrl(params: Record<string, string | undefined> = {}): string {
  const defaults: Record<string, string> = {
    client_id: fake.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: `openid ${CLOUD_PLATFORM}`,
    state: 'state-123',
  }
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries({ ...defaults, ...params })) {
    if (value !== undefined) query.set(name, value)
  }
  return `${fake.url}/o/oauth2/v2/auth?${query}`
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

describe('users and tokens', () => {
  it('derives a name and project from the email, and refuses a second user with that email', async () => {
    const { refreshToken } = fake.addUser({ email: 'alice.smith@example.com' })
    expect(refreshToken).toMatch(/^1\/\/0fake-/)
    const accessToken = await accessTokenFor(refreshToken)
    expect(accessToken).toMatch(/^ya29\.fake-/)
    expect(fake.userForAccessToken(accessToken)).toEqual({
      email: 'alice.smith@example.com',
      name: 'Alice Smith',
      projectId: 'proj-alice-smith',
    })
    expect(() => fake.addUser({ email: 'alice.smith@example.com' })).toThrow(/already exists/)
    expect(() => fake.mintRefreshToken('nobody@example.com')).toThrow(/no user/)
  })

  it('answers a refresh like Google: Bearer token, 3599 s, scope, an unsigned JWT and no refresh_token', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', name: 'Ana Lima' })
    const response = await postForm(refreshForm(refreshToken))
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const body = (await response.json()) as Record<string, unknown>
    expect(Object.keys(body)).toEqual([
      'access_token',
      'expires_in',
      'scope',
      'token_type',
      'id_token',
    ])
    expect(body).toMatchObject({ expires_in: 3599, token_type: 'Bearer' })
    expect(String(body.scope).split(' ')).toContain(CLOUD_PLATFORM)
    const [header, payload, signature] = String(body.id_token).split('.')
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toMatchObject({ alg: 'none' })
    expect(JSON.parse(Buffer.from(payload!, 'base64url').toString())).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: fake.clientId,
      email: 'ana@example.com',
      email_verified: true,
      name: 'Ana Lima',
    })
    expect(signature).toBe('')
  })

  it('keeps older refresh tokens valid after minting one, and refuses a revoked one with invalid_grant', async () => {
    const { refreshToken: first } = fake.addUser({ email: 'ana@example.com' })
    const second = fake.mintRefreshToken('ana@example.com')
    expect(second).not.toBe(first)
    expect((await postForm(refreshForm(first))).status).toBe(200)
    fake.revokeRefreshToken(first)
    const revoked = await postForm(refreshForm(first))
    expect(revoked.status).toBe(400)
    expect(await revoked.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    })
    expect((await postForm(refreshForm(second))).status).toBe(200)
    expect((await postForm(refreshForm('1//0never-issued'))).status).toBe(400)
  })

  it('rejects bad clients, non-form bodies and unknown grant types with OAuth error bodies', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    const wrongSecret = await postForm({ ...refreshForm(refreshToken), client_secret: 'nope' })
    expect(wrongSecret.status).toBe(401)
    expect(await wrongSecret.json()).toEqual({
      error: 'invalid_client',
      error_description: 'The OAuth client was not found.',
    })
    const wrongId = await postForm({ ...refreshForm(refreshToken), client_id: 'other' })
    expect(wrongId.status).toBe(401)

    const json = await fetch(`${fake.url}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(refreshForm(refreshToken)),
    })
    expect(json.status).toBe(400)
    expect(await json.json()).toMatchObject({ error: 'invalid_request' })

    const grant = await postForm({ ...refreshForm(refreshToken), grant_type: 'password' })
    expect(grant.status).toBe(400)
    expect(await grant.json()).toMatchObject({ error: 'unsupported_grant_type' })
  })

  it('accepts client credentials as HTTP Basic too', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    const basic = Buffer.from(`${fake.clientId}:${fake.clientSecret}`).toString('base64')
    const response = await postForm(
      { grant_type: 'refresh_token', refresh_token: refreshToken },
      { authorization: `Basic ${basic}` },
    )
    expect(response.status).toBe(200)
  })

  it('expireAccessTokens makes every issued token a 401 with the real UNAUTHENTICATED body', async () => {
    const { accessToken, refreshToken } = await signedIn()
    expect(
      (
        await fetch(`${fake.url}/oauth2/v2/userinfo`, {
          headers: { authorization: `Bearer ${accessToken}` },
        })
      ).status,
    ).toBe(200)
    fake.expireAccessTokens()
    const userinfo = await fetch(`${fake.url}/oauth2/v2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
    expect(userinfo.status).toBe(401)
    expect(await userinfo.json()).toEqual(fixture('error-401-unauthenticated.json'))
    const generate = await callV1('generateContent', accessToken, envelope('x'))
    expect(generate.status).toBe(401)
    // Still known, just no longer accepted; a new refresh gives a working token.
    expect(fake.userForAccessToken(accessToken)?.email).toBe('ana@example.com')
    const fresh = await accessTokenFor(refreshToken)
    expect(
      (
        await fetch(`${fake.url}/oauth2/v2/userinfo`, {
          headers: { authorization: `Bearer ${fresh}` },
        })
      ).status,
    ).toBe(200)
  })

  it('lets access tokens run out after 3599 seconds', async () => {
    const { accessToken } = await signedIn()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 3600_000)
    const response = await callV1('loadCodeAssist', accessToken, {})
    expect(response.status).toBe(401)
  })

  it('serves userinfo in the v2 shape, and 401 without a token', async () => {
    fake.addUser({ email: 'bob@example.com', name: 'Bob Stone' })
    const { accessToken } = await signedIn('ana.maria@example.com')
    const response = await fetch(`${fake.url}/oauth2/v2/userinfo`, {
      headers: { authorization: `Bearer ${accessToken}` },
    })
    const body = (await response.json()) as Record<string, unknown>
    expect(body).toMatchObject({
      email: 'ana.maria@example.com',
      verified_email: true,
      name: 'Ana Maria',
      given_name: 'Ana',
      family_name: 'Maria',
    })
    expect(body.id).toMatch(/^\d{21}$/)
    expect(typeof body.picture).toBe('string')
    const anonymous = await fetch(`${fake.url}/oauth2/v2/userinfo`)
    expect(anonymous.status).toBe(401)
    expect(await anonymous.json()).toMatchObject({
      error: { code: 401, status: 'UNAUTHENTICATED' },
    })
  })
})

describe('scripted refresh faults', () => {
  it('fails the next refresh with a Google-style 500 by default, then recovers', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    fake.failRefresh({})
    const failed = await postForm(refreshForm(refreshToken))
    expect(failed.status).toBe(500)
    expect(await failed.json()).toMatchObject({
      error: expect.any(String),
      error_description: expect.any(String),
    })
    expect((await postForm(refreshForm(refreshToken))).status).toBe(200)
    expect(fake.refreshCalls(refreshToken)).toBe(2)
    expect(fake.callsTo('token').map((call) => call.status)).toEqual([500, 200])
  })

  it('targets one token for `times` refreshes, with the given status and body', async () => {
    const { refreshToken: ana } = fake.addUser({ email: 'ana@example.com' })
    const { refreshToken: bob } = fake.addUser({ email: 'bob@example.com' })
    fake.failRefresh({ refreshToken: bob, times: 2, status: 503, body: { error: 'busy' } })
    expect((await postForm(refreshForm(ana))).status).toBe(200)
    const first = await postForm(refreshForm(bob))
    expect(first.status).toBe(503)
    expect(await first.json()).toEqual({ error: 'busy' })
    expect((await postForm(refreshForm(bob))).status).toBe(503)
    expect((await postForm(refreshForm(bob))).status).toBe(200)
    expect(fake.refreshCalls(bob)).toBe(3)
    expect(fake.refreshCalls(ana)).toBe(1)
  })

  it('fails even a revoked token transiently first, since Google never got to look at it', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    fake.revokeRefreshToken(refreshToken)
    fake.failRefresh({ status: 502 })
    expect((await postForm(refreshForm(refreshToken))).status).toBe(502)
    expect((await postForm(refreshForm(refreshToken))).status).toBe(400)
  })

  it('delays a faulted answer by delayMs and every answer by setRefreshDelay, counting calls on arrival', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    fake.failRefresh({ delayMs: 150 })
    const started = Date.now()
    const pending = postForm(refreshForm(refreshToken))
    await vi.waitFor(() => expect(fake.refreshCalls(refreshToken)).toBe(1))
    expect(fake.callsTo('token')[0]).toMatchObject({
      status: 0,
      email: 'ana@example.com',
      grantType: 'refresh_token',
    })
    expect((await pending).status).toBe(500)
    expect(Date.now() - started).toBeGreaterThanOrEqual(140)
    expect(fake.callsTo('token')[0]?.status).toBe(500)

    fake.setRefreshDelay(120)
    const again = Date.now()
    expect((await postForm(refreshForm(refreshToken))).status).toBe(200)
    expect(Date.now() - again).toBeGreaterThanOrEqual(110)
  })

  it('rejects a nonsensical fault count', () => {
    expect(() => fake.failRefresh({ times: 0 })).toThrow(/positive integer/)
  })
})

describe('authorization endpoint', () => {
  it('redirects at once in auto mode, with code, state and scope', async () => {
    fake.addUser({ email: 'ana@example.com' })
    fake.setConsentMode('auto')
    const response = await fetch(authUrl(), { redirect: 'manual' })
    expect(response.status).toBe(302)
    const location = new URL(response.headers.get('location')!)
    expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI)
    expect(location.searchParams.get('state')).toBe('state-123')
    expect(location.searchParams.get('code')).toMatch(/^4\/0fake-/)
    expect(location.searchParams.get('scope')).toBe(`openid ${CLOUD_PLATFORM}`)
    expect(fake.callsTo('auth')[0]).toMatchObject({ status: 302, email: 'ana@example.com' })
  })

  it('shows a consent page for the consent user whose Allow and Cancel buttons redirect', async () => {
    fake.addUser({ email: 'ana@example.com' })
    fake.addUser({ email: 'bob@example.com' })
    fake.setConsentUser('ana@example.com')
    const page = await fetch(authUrl())
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<title>Sign in - Google Accounts</title>')
    expect(html).toContain('ana@example.com')
    expect(html).toMatch(/<button id="approve"[^>]*>Allow<\/button>/)
    expect(html).toMatch(/<button id="deny"[^>]*>Cancel<\/button>/)
    expect(html).toContain('action="/o/oauth2/v2/approve"')
    const hidden = Object.fromEntries(
      [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)].map((m) => [
        m[1],
        m[2],
      ]),
    )
    const submit = (decision: string) =>
      fetch(`${fake.url}/o/oauth2/v2/approve`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ ...hidden, decision }),
      })
    // Changing the default after the page was shown does not change who that page signs in.
    fake.setConsentUser('bob@example.com')
    const allowed = await submit('allow')
    expect(allowed.status).toBe(302)
    const code = new URL(allowed.headers.get('location')!).searchParams.get('code')!
    const exchanged = await postForm({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    })
    const tokens = (await exchanged.json()) as { access_token: string; refresh_token: string }
    expect(fake.userForAccessToken(tokens.access_token)?.email).toBe('ana@example.com')

    const denied = await submit('deny')
    expect(denied.status).toBe(302)
    const deniedAt = new URL(denied.headers.get('location')!)
    expect(Object.fromEntries(deniedAt.searchParams)).toEqual({
      error: 'access_denied',
      state: 'state-123',
    })
  })

  it.each([
    ['an unknown client', { client_id: 'someone-else' }, 'invalid_client'],
    [
      'a non-loopback redirect',
      { redirect_uri: 'https://evil.example.com/cb' },
      'redirect_uri_mismatch',
    ],
    [
      'a loopback redirect without a port',
      { redirect_uri: 'http://127.0.0.1/cb' },
      'redirect_uri_mismatch',
    ],
    ['a missing redirect', { redirect_uri: undefined }, 'invalid_request'],
    ['response_type token', { response_type: 'token' }, 'unsupported_response_type'],
    ['no cloud-platform scope', { scope: 'openid email' }, 'invalid_scope'],
    ['no state', { state: undefined }, 'invalid_request'],
    [
      'a plain PKCE challenge',
      { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' },
      'invalid_request',
    ],
  ])('answers %s with a 400 HTML error page', async (_label, params, error) => {
    fake.addUser({ email: 'ana@example.com' })
    fake.setConsentMode('auto')
    const response = await fetch(authUrl(params), { redirect: 'manual' })
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toContain(`Error 400: ${error}`)
  })

  it('accepts localhost redirects', async () => {
    fake.addUser({ email: 'ana@example.com' })
    fake.setConsentMode('auto')
    const response = await fetch(authUrl({ redirect_uri: 'http://localhost:4321/cb' }), {
      redirect: 'manual',
    })
    expect(response.status).toBe(302)
  })
})

describe('authorization codes', () => {
  async function codeFor(challenge?: string): Promise<string> {
    fake.setConsentMode('auto')
    const params = challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}
    const response = await fetch(authUrl(params), { redirect: 'manual' })
    return new URL(response.headers.get('location')!).searchParams.get('code')!
  }
  const exchange = (code: string, extra: Record<string, string> = {}) =>
    postForm({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      ...extra,
    })

  it('trades a PKCE-bound code once for a new refresh token of that user', async () => {
    const { refreshToken: original } = fake.addUser({ email: 'ana@example.com' })
    const { verifier, challenge } = pkce()
    const code = await codeFor(challenge)
    const response = await exchange(code, { code_verifier: verifier })
    expect(response.status).toBe(200)
    const body = (await response.json()) as Record<string, string>
    expect(body.refresh_token).toMatch(/^1\/\/0fake-/)
    expect(body.refresh_token).not.toBe(original)
    expect(fake.callsTo('token').at(-1)).toMatchObject({
      grantType: 'authorization_code',
      email: 'ana@example.com',
      status: 200,
    })
    expect((await postForm(refreshForm(body.refresh_token!))).status).toBe(200)

    const reused = await exchange(code, { code_verifier: verifier })
    expect(reused.status).toBe(400)
    expect(await reused.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Bad Request',
    })
  })

  it('insists on the right code verifier', async () => {
    fake.addUser({ email: 'ana@example.com' })
    const { challenge } = pkce()
    const missing = await exchange(await codeFor(challenge))
    expect(await missing.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Missing code verifier.',
    })
    const wrong = await exchange(await codeFor(challenge), { code_verifier: pkce().verifier })
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid code verifier.',
    })
  })

  it('binds the code to its redirect URI', async () => {
    fake.addUser({ email: 'ana@example.com' })
    const response = await exchange(await codeFor(), { redirect_uri: 'http://127.0.0.1:1/other' })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: 'redirect_uri_mismatch' })
  })

  it('lets codes expire after five minutes', async () => {
    fake.addUser({ email: 'ana@example.com' })
    const code = await codeFor()
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 5 * 60_000 + 1)
    const response = await exchange(code)
    expect(response.status).toBe(400)
    expect(await response.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'Bad Request',
    })
  })
})

describe('v1internal account endpoints', () => {
  it('answers loadCodeAssist with the real shape and the user’s project', async () => {
    const { accessToken } = await signedIn()
    const response = await callV1(
      'loadCodeAssist',
      accessToken,
      fixture('loadCodeAssist.request.json'),
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('x-cloudaicompanion-trace-id')).toMatch(/^[0-9a-f]{16}$/)
    expect(await response.json()).toEqual({
      ...(fixture('loadCodeAssist.response.json') as object),
      cloudaicompanionProject: 'proj-ana',
    })
    expect(fake.callsTo('loadCodeAssist')[0]).toMatchObject({
      status: 200,
      email: 'ana@example.com',
    })
    expect((await callV1('loadCodeAssist', 'ya29.bogus', {})).status).toBe(401)
  })

  it('answers fetchAvailableModels with the captured catalog, and 403 for somebody else’s project', async () => {
    const { accessToken, projectId } = await signedIn()
    const response = await callV1('fetchAvailableModels', accessToken, { project: projectId })
    expect(response.status).toBe(200)
    // The captured catalog as it is, plus the models it leaves out that the fake serves, each
    // with a full quota (the real catalog lists them all).
    const captured = fixture('fetchAvailableModels.response.json') as {
      models: Record<string, unknown>
    }
    const served = ['gemini-2.5-flash', 'gemini-2.5-flash-lite', 'gemini-3.1-flash-image']
    const more = ['claude-sonnet-4-6', 'gemini-3-pro-high', 'gemini-3-pro-low']
    const extra = ['gemini-3.1-pro-high', 'gemini-3.1-pro-low', ...served, ...more]
    expect(await response.json()).toEqual({
      ...captured,
      models: {
        ...captured.models,
        ...Object.fromEntries(
          extra.map((model) => [
            model,
            {
              displayName: model,
              quotaInfo: { remainingFraction: 1, resetTime: '2099-01-01T00:00:00Z' },
            },
          ]),
        ),
      },
    })
    const foreign = await callV1('fetchAvailableModels', accessToken, { project: 'proj-other' })
    expect(foreign.status).toBe(403)
  })
})

describe('generateContent and streamGenerateContent', () => {
  it('answers "Hello from <model> as <email>" in the real envelope by default', async () => {
    const { accessToken, projectId } = await signedIn()
    const response = await callV1('generateContent', accessToken, envelope(projectId))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8')
    const body = (await response.json()) as any
    expect(Object.keys(body)).toEqual(['response', 'traceId'])
    expect(body.response.candidates).toEqual([
      {
        content: {
          role: 'model',
          parts: [{ text: 'Hello from gemini-2.5-flash as ana@example.com' }],
        },
        finishReason: 'STOP',
      },
    ])
    const usage = body.response.usageMetadata
    expect(usage.totalTokenCount).toBe(usage.promptTokenCount + usage.candidatesTokenCount)
    expect(usage.candidatesTokenCount).toBeGreaterThan(0)
    expect(body.response.modelVersion).toBe('gemini-2.5-flash')
    expect(typeof body.response.responseId).toBe('string')
    expect(response.headers.get('x-cloudaicompanion-trace-id')).toBe(body.traceId)
    expect(fake.callsTo('generateContent')[0]).toMatchObject({
      status: 200,
      email: 'ana@example.com',
      model: 'gemini-2.5-flash',
      body: envelope(projectId),
    })
  })

  it('streams three CRLF-framed events whose last one says STOP', async () => {
    const { accessToken, projectId } = await signedIn()
    const response = await callV1(
      'streamGenerateContent',
      accessToken,
      envelope(projectId),
      '?alt=sse',
    )
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    const events = sseEvents(await response.text())
    expect(events).toHaveLength(3)
    for (const event of events) {
      expect(Object.keys(event)).toEqual(['response', 'traceId', 'metadata'])
      expect(event.metadata).toEqual({})
      expect(event.traceId).toBe(events[0].traceId)
    }
    expect(events.map((event) => event.response.candidates[0].content.parts[0].text).join('')).toBe(
      'Hello from gemini-2.5-flash as ana@example.com',
    )
    expect(events.map((event) => event.response.candidates[0].finishReason)).toEqual([
      undefined,
      undefined,
      'STOP',
    ])
    expect(events[2].response.usageMetadata.candidatesTokenCount).toBeGreaterThan(
      events[0].response.usageMetadata.candidatesTokenCount,
    )
  })

  it('counts tokens roughly, in the Code Assist shape (no project), and knows its models', async () => {
    const { accessToken } = await signedIn()
    const count = (model: string, text: string) =>
      callV1('countTokens', accessToken, {
        request: { model: `models/${model}`, contents: [{ role: 'user', parts: [{ text }] }] },
      })
    const short = await count('gemini-2.5-flash', 'hi')
    const long = await count('gemini-2.5-flash', 'word '.repeat(100))
    const shortCount = ((await short.json()) as { totalTokens: number }).totalTokens
    const longCount = ((await long.json()) as { totalTokens: number }).totalTokens
    expect(shortCount).toBeGreaterThan(0)
    expect(longCount).toBeGreaterThan(shortCount)
    expect((await count('no-such-model', 'hi')).status).toBe(404)
    const noModel = await callV1('countTokens', accessToken, { request: { contents: [] } })
    expect(noModel.status).toBe(400)
    expect(fake.callsTo('countTokens')).toHaveLength(4)
  })

  it.each(['davinci-002', 'claude-opus-5-5', 'gemini-3.1-pro-preview', 'claude-sonnet-4-5'])(
    'answers 404 NOT_FOUND for %s, a model Cloud Code does not serve',
    async (model) => {
      const { accessToken, projectId } = await signedIn()
      const response = await callV1('generateContent', accessToken, {
        ...envelope(projectId),
        model,
      })
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({
        error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
      })
    },
  )

  describe('is strict about the envelope', () => {
    it('answers an empty project like the real capture', async () => {
      const { accessToken } = await signedIn()
      const response = await callV1('generateContent', accessToken, envelope(''))
      expect(response.status).toBe(400)
      expect(await response.json()).toEqual(fixture('error-400-invalid-project.json'))
    })

    it('refuses another user’s project with PERMISSION_DENIED', async () => {
      const { accessToken } = await signedIn()
      fake.addUser({ email: 'bob@example.com' })
      const response = await callV1('generateContent', accessToken, envelope('proj-bob'))
      expect(response.status).toBe(403)
      expect(await response.json()).toMatchObject({
        error: { code: 403, status: 'PERMISSION_DENIED' },
      })
    })

    it.each([
      ['no model', { model: '' }],
      ['no request', { request: undefined }],
      ['empty contents', { request: { contents: [] } }],
      [
        'a system role turn',
        { request: { contents: [{ role: 'system', parts: [{ text: 'x' }] }] } },
      ],
      ['a turn without role', { request: { contents: [{ parts: [{ text: 'x' }] }] } }],
      ['empty parts', { request: { contents: [{ role: 'user', parts: [] }] } }],
    ])('answers %s with INVALID_ARGUMENT', async (_label, overrides) => {
      const { accessToken, projectId } = await signedIn()
      const response = await callV1('generateContent', accessToken, envelope(projectId, overrides))
      expect(response.status).toBe(400)
      const body = (await response.json()) as any
      expect(body).toEqual({
        error: { code: 400, message: expect.any(String), status: 'INVALID_ARGUMENT' },
      })
    })

    it('answers a body that is not JSON with INVALID_ARGUMENT, after checking the token', async () => {
      const { accessToken } = await signedIn()
      expect((await callV1('generateContent', null, '{nope')).status).toBe(401)
      const response = await callV1('generateContent', accessToken, '{nope')
      expect(response.status).toBe(400)
      expect(await response.json()).toMatchObject({ error: { status: 'INVALID_ARGUMENT' } })
    })

    it('sends stream errors as one plain JSON body labelled text/event-stream', async () => {
      const { accessToken } = await signedIn()
      const response = await callV1('streamGenerateContent', accessToken, envelope(''), '?alt=sse')
      expect(response.status).toBe(400)
      expect(response.headers.get('content-type')).toBe('text/event-stream')
      const text = await response.text()
      expect(text.startsWith('data:')).toBe(false)
      expect(JSON.parse(text)).toEqual(fixture('error-400-invalid-project.json'))
    })
  })

  describe('with a generate handler', () => {
    const chunks = [
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Thinking', thought: true }] } }],
      },
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Hel' }] } }],
        usageMetadata: { totalTokenCount: 1 },
      },
      { candidates: [{ content: { role: 'model', parts: [{ text: 'lo' }] } }] },
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ functionCall: { name: 'run', args: {} }, thoughtSignature: 'sig' }],
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { totalTokenCount: 9 },
        modelVersion: 'gemini-3-pro',
        responseId: 'resp-1',
      },
    ]

    it('merges chunks into one non-stream answer and streams them one event each', async () => {
      const { accessToken, projectId } = await signedIn()
      const seen: any[] = []
      fake.setGenerateHandler((ctx) => {
        seen.push(ctx)
        return { kind: 'chunks', chunks, delayMs: 20 }
      })
      const merged = (await (
        await callV1('generateContent', accessToken, envelope(projectId))
      ).json()) as any
      expect(merged.response).toEqual({
        candidates: [
          {
            content: {
              role: 'model',
              parts: [
                { text: 'Thinking', thought: true },
                { text: 'Hello' },
                { functionCall: { name: 'run', args: {} }, thoughtSignature: 'sig' },
              ],
            },
            finishReason: 'STOP',
          },
        ],
        usageMetadata: { totalTokenCount: 9 },
        modelVersion: 'gemini-3-pro',
        responseId: 'resp-1',
      })
      const streamed = await callV1(
        'streamGenerateContent',
        accessToken,
        envelope(projectId),
        '?alt=sse',
      )
      expect(sseEvents(await streamed.text()).map((event) => event.response)).toEqual(chunks)
      expect(seen.map((ctx) => ctx.stream)).toEqual([false, true])
      expect(seen[0]).toMatchObject({
        user: { email: 'ana@example.com', projectId },
        model: 'gemini-2.5-flash',
        request: envelope(projectId).request,
        envelope: envelope(projectId),
      })
    })

    it('answers a scripted error on both endpoints, JSON on the stream one too', async () => {
      const { accessToken, projectId } = await signedIn()
      const quota = fixture('error-429-rate-limit-exceeded.json')
      fake.setGenerateHandler(async () => ({
        kind: 'error',
        status: 429,
        body: quota,
        headers: { 'retry-after': '2' },
      }))
      const plain = await callV1('generateContent', accessToken, envelope(projectId))
      expect(plain.status).toBe(429)
      expect(plain.headers.get('retry-after')).toBe('2')
      expect(await plain.json()).toEqual(quota)
      const stream = await callV1(
        'streamGenerateContent',
        accessToken,
        envelope(projectId),
        '?alt=sse',
      )
      expect(stream.status).toBe(429)
      expect(stream.headers.get('content-type')).toBe('text/event-stream')
      expect(JSON.parse(await stream.text())).toEqual(quota)
      expect(fake.callsTo('streamGenerateContent')[0]?.status).toBe(429)

      fake.setGenerateHandler(null)
      expect((await callV1('generateContent', accessToken, envelope(projectId))).status).toBe(200)
    })

    it('answers 500 INTERNAL when the handler throws', async () => {
      const { accessToken, projectId } = await signedIn()
      fake.setGenerateHandler(() => {
        throw new Error('test bug')
      })
      const response = await callV1('generateContent', accessToken, envelope(projectId))
      expect(response.status).toBe(500)
      expect(await response.json()).toMatchObject({
        error: { status: 'INTERNAL', message: expect.stringContaining('test bug') },
      })
    })
  })

  describe('holdStreams', () => {
    it('sends the first event, then waits for release', async () => {
      const { accessToken, projectId } = await signedIn()
      const release = fake.holdStreams()
      const response = await callV1(
        'streamGenerateContent',
        accessToken,
        envelope(projectId),
        '?alt=sse',
      )
      const reader = response.body!.getReader()
      const decoder = new TextDecoder()
      const first = await reader.read()
      expect(sseEvents(decoder.decode(first.value))).toHaveLength(1)
      const next = reader.read()
      const early = await Promise.race([
        next.then(() => 'data'),
        new Promise((r) => setTimeout(() => r('held'), 150)),
      ])
      expect(early).toBe('held')
      release()
      let rest = decoder.decode((await next).value, { stream: true })
      for (let part = await reader.read(); !part.done; part = await reader.read()) {
        rest += decoder.decode(part.value, { stream: true })
      }
      expect(sseEvents(rest)).toHaveLength(2)
    })

    it('survives a client that disconnects mid-stream', async () => {
      const { accessToken, projectId } = await signedIn()
      const release = fake.holdStreams()
      const controller = new AbortController()
      const response = await fetch(`${fake.url}/v1internal:streamGenerateContent?alt=sse`, {
        method: 'POST',
        headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
        body: JSON.stringify(envelope(projectId)),
        signal: controller.signal,
      })
      const reader = response.body!.getReader()
      await reader.read()
      controller.abort()
      await reader.read().catch(() => undefined)
      await new Promise((resolve) => setTimeout(resolve, 50))
      release()
      await new Promise((resolve) => setTimeout(resolve, 50))
      const after = await callV1('generateContent', accessToken, envelope(projectId))
      expect(after.status).toBe(200)
    })
  })
})

describe('the server', () => {
  it('answers unknown paths and methods with a Google-style 404', async () => {
    for (const response of [
      await fetch(`${fake.url}/v1internal:somethingElse`, { method: 'POST' }),
      await fetch(`${fake.url}/token`),
    ]) {
      expect(response.status).toBe(404)
      expect(await response.json()).toEqual({
        error: { code: 404, message: 'Requested entity was not found.', status: 'NOT_FOUND' },
      })
    }
    expect(fake.calls).toHaveLength(0)
  })

  it('listens on a loopback ephemeral port and keeps calls until reset', async () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    await postForm(refreshForm(refreshToken))
    const snapshot = fake.calls
    expect(snapshot).toHaveLength(1)
    expect(snapshot[0]).toMatchObject({
      endpoint: 'token',
      status: 200,
      grantType: 'refresh_token',
      refreshToken,
      email: 'ana@example.com',
      body: refreshForm(refreshToken),
    })
    expect(snapshot[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded')
    fake.resetCalls()
    expect(fake.calls).toHaveLength(0)
    expect(snapshot).toHaveLength(1)
    expect(fake.refreshCalls(refreshToken)).toBe(0)
  })

  it('closes promptly with a keep-alive socket, a held stream and a delayed refresh open', async () => {
    const { accessToken, projectId, refreshToken } = await signedIn()
    const agent = new http.Agent({ keepAlive: true })
    await new Promise<void>((resolve, reject) => {
      http
        .get(`${fake.url}/nothing`, { agent }, (res) => res.resume().on('end', resolve))
        .on('error', reject)
    })
    fake.holdStreams()
    const stream = await callV1(
      'streamGenerateContent',
      accessToken,
      envelope(projectId),
      '?alt=sse',
    )
    await stream.body!.getReader().read()
    fake.setRefreshDelay(60_000)
    const refresh = postForm(refreshForm(refreshToken)).catch((error: unknown) => error)
    await vi.waitFor(() => expect(fake.refreshCalls(refreshToken)).toBe(2))
    const started = Date.now()
    await fake.close()
    expect(Date.now() - started).toBeLessThan(1000)
    expect(await refresh).toBeInstanceOf(Error)
    agent.destroy()
    await fake.close()
  })
})
