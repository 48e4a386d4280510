import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { ApiError, GoogleGenAI } from '@google/genai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { seedAccounts } from '../helpers/account-files'
import type { makeTempDir } from '../helpers/temp-dir'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { geminiBody, startTestServer } from '../helpers/test-server'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let server: TestServer | null = null

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
  server = null
})

const fixture = (name: string) =>
  JSON.parse(readFileSync(path.join(__dirname, '../fixtures', name), 'utf8')) as {
    error: { code: number; message: string; status: string; details?: unknown[] }
  }

/** Accounts ana, bob, … in that order (the order the pool tries them), and a server over them. */
async function serve(names: string[], settings?: unknown): Promise<TestServer> {
  const users = names.map((name) => ({
    email: `${name}@example.com`,
    ...fake.addUser({ email: `${name}@example.com`, projectId: `proj-${name}` }),
  }))
  seedAccounts(
    temp.dir,
    users.map((user) => ({ email: user.email, refreshToken: user.refreshToken, projectId: null })),
  )
  if (settings) writeFileSync(path.join(temp.dir, 'settings.json'), JSON.stringify(settings))
  // random 0: the tied accounts are tried in the index's order (ana, bob, …).
  server = await startTestServer({ fake, dataDir: temp.dir, core: { random: () => 0 } })
  return server
}

type Protocol = 'openai' | 'responses' | 'anthropic' | 'gemini'

/** One plain request in each protocol's own shape (OpenAI's two APIs), for gemini-2.5-flash. */
function ask(protocol: Protocol): Promise<Response> {
  const json = { 'content-type': 'application/json' }
  const messages = [{ role: 'user', content: 'Say hello' }]
  if (protocol === 'openai')
    return fetch(`${server!.url}/v1/chat/completions`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages }),
    })
  if (protocol === 'responses')
    return fetch(`${server!.url}/v1/responses`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ model: 'gemini-2.5-flash', input: 'Say hello' }),
    })
  if (protocol === 'anthropic')
    return fetch(`${server!.url}/v1/messages`, {
      method: 'POST',
      headers: { ...json, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', max_tokens: 64, messages }),
    })
  return fetch(`${server!.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify(geminiBody),
  })
}

const messageOf = (protocol: Protocol, body: any): string => body.error.message

const protocols: Protocol[] = ['openai', 'responses', 'anthropic', 'gemini']

describe('Retry-After and the wait in errors', () => {
  it.each(protocols)(
    '%s: a 429 tells Google’s wait, then agtray’s own while the account rests',
    async (protocol) => {
      await serve(['ana'])
      // 33740.910400305s: under agtray's one-day cap, so agtray rests the account that long too.
      const quota = fixture('error-429-quota-exhausted-seconds-delay.json')
      fake.setGenerateHandler(() => ({ kind: 'error', status: 429, body: quota }))

      const refused = await ask(protocol)
      expect(refused.status).toBe(429)
      expect(refused.headers.get('retry-after')).toBe('33741')
      const body = (await refused.json()) as any
      expect(messageOf(protocol, body)).toContain('Resets in 9h22m20s')
      if (protocol === 'gemini') expect(body.error.details).toEqual(quota.error.details)

      // Every account now rests for the model: agtray answers without asking Google.
      const calls = fake.calls.length
      const resting = await ask(protocol)
      expect(resting.status).toBe(429)
      const seconds = Number(resting.headers.get('retry-after'))
      expect(seconds).toBeGreaterThan(33_700)
      expect(seconds).toBeLessThanOrEqual(33_741)
      const restingBody = (await resting.json()) as any
      expect(messageOf(protocol, restingBody)).toContain('every account is resting')
      expect(messageOf(protocol, restingBody)).toMatch(/9h22m/)
      if (protocol === 'gemini')
        expect(restingBody.error).toMatchObject({
          code: 429,
          status: 'RESOURCE_EXHAUSTED',
          details: [
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` },
          ],
        })
      expect(fake.calls.length).toBe(calls)
    },
  )

  it.each(protocols)('%s: a 503 from Google carries its 40 s hint', async (protocol) => {
    await serve(['ana'])
    const capacity = fixture('error-503-model-capacity-exhausted.json')
    fake.setGenerateHandler(() => ({ kind: 'error', status: 503, body: capacity }))
    const refused = await ask(protocol)
    expect(refused.status).toBe(503)
    expect(refused.headers.get('retry-after')).toBe('40')
    const body = (await refused.json()) as any
    if (protocol === 'gemini') expect(body.error.details).toEqual(capacity.error.details)
    else expect(messageOf(protocol, body)).toContain('(retry in 40s)')
  })

  it.each(protocols)('%s: no Retry-After when no wait is known', async (protocol) => {
    // Three accounts refused with a bare 429 (no hint), a fourth is still free: nothing to wait.
    await serve(['ana', 'bob', 'cid', 'dee'])
    const bare = fixture('error-429-bare.json')
    fake.setGenerateHandler(() => ({ kind: 'error', status: 429, body: bare }))
    const refused = await ask(protocol)
    expect(refused.status).toBe(429)
    expect(refused.headers.has('retry-after')).toBe(false)
    const body = (await refused.json()) as any
    expect(messageOf(protocol, body)).not.toContain('retry in')
    if (protocol === 'gemini') expect(body.error).not.toHaveProperty('details')
    const googleCalls = [
      ...fake.callsTo('generateContent'),
      ...fake.callsTo('streamGenerateContent'),
    ]
    expect(googleCalls).toHaveLength(3)
  })

  it('when every tried account rests, the one back first speaks: its error, its wait', async () => {
    // Answered at once, not waited out (waiting-and-refusals.test.ts covers the wait).
    await serve(['ana', 'bob'], { scheduling: { max_wait_seconds: 0 } })
    const short = fixture('error-429-rate-limit-exceeded.json')
    const long = fixture('error-429-quota-exhausted.json')
    fake.setGenerateHandler(({ user }) => ({
      kind: 'error',
      status: 429,
      body: user.email === 'ana@example.com' ? short : long,
    }))
    const refused = await ask('gemini')
    expect(fake.callsTo('generateContent').map((call) => call.email)).toEqual([
      'ana@example.com',
      'bob@example.com',
    ])
    // Bob's quota (108 h) was the last word, but Ana is back in 1.35 s.
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('2')
    const body = (await refused.json()) as any
    expect(body.error.details).toEqual(short.error.details)
    expect(body.error.message).toContain('Your quota will reset after 1s')
  })

  it('a 503 agtray answers while the proxy is off has no wait to tell', async () => {
    await serve(['ana'])
    await server!.admin('POST', '/api/proxy', { enabled: false })
    const off = await ask('openai')
    expect(off.status).toBe(503)
    expect(off.headers.has('retry-after')).toBe(false)
  })
})

describe('Gemini SDK sees Google’s error details', () => {
  it('gets RetryInfo and ErrorInfo as Google sent them, through @google/genai', async () => {
    await serve(['ana'])
    const limited = fixture('error-429-rate-limit-exceeded-ms.json')
    fake.setGenerateHandler(() => ({ kind: 'error', status: 429, body: limited }))
    const ai = new GoogleGenAI({ apiKey: server!.apiKey, httpOptions: { baseUrl: server!.url } })
    const error = await ai.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(429)
    // gemini-cli reads the error JSON the SDK puts in the message.
    const parsed = JSON.parse((error as ApiError).message)
    expect(parsed.error.status).toBe('RESOURCE_EXHAUSTED')
    expect(parsed.error.details).toEqual(limited.error.details)
  })
})

describe('unknown routes', () => {
  const notFound = async (method: string, pathname: string, headers: Record<string, string>) => {
    const response = await fetch(`${server!.url}${pathname}`, {
      method,
      headers: { 'content-type': 'application/json', ...headers },
      body: method === 'GET' ? undefined : '{}',
    })
    expect(response.status).toBe(404)
    return (await response.json()) as any
  }

  it('names the routes of the protocol the path looks like, in its error format', async () => {
    await serve(['ana'])
    const openAi = await notFound('POST', '/v1/chat/complete', {})
    expect(openAi.error).toMatchObject({ type: 'not_found_error', code: 'unknown_route' })
    for (const route of ['/v1/chat/completions', '/v1/responses', '/v1/models'])
      expect(openAi.error.message).toContain(route)

    // Claude Code pointed at a base URL with one /v1 too many.
    const anthropic = await notFound('POST', '/v1/v1/messages', {
      'anthropic-version': '2023-06-01',
    })
    expect(anthropic).toMatchObject({ type: 'error', error: { type: 'not_found_error' } })
    for (const route of ['/v1/messages', '/v1/messages/count_tokens'])
      expect(anthropic.error.message).toContain(route)

    const gemini = await notFound('POST', '/v1/models/gemini-2.5-flash:generateContent', {})
    expect(gemini.error).toMatchObject({ code: 404, status: 'NOT_FOUND' })
    for (const route of [
      '/v1beta/models/{model}:generateContent',
      ':streamGenerateContent',
      ':countTokens',
      'GET /v1beta/models',
    ])
      expect(gemini.error.message).toContain(route)
    expect(gemini.error.message).not.toContain('/v1/chat/completions')
  })
})
