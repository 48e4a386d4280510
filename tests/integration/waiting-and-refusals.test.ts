import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FakeGoogle, GenerateContext } from '../fakes/google'
import { seedAccounts } from '../helpers/account-files'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { manualTime } from '../helpers/manual-time'
import type { makeTempDir } from '../helpers/temp-dir'
import type { TestServer } from '../helpers/test-server'
import { inTurnRandom } from '../helpers/scheduling'
import { startTestServer } from '../helpers/test-server'

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

const fixtureText = (name: string): string =>
  readFileSync(path.join(__dirname, '../fixtures', name), 'utf8')

/**
 * Accounts ana, bob, … (the order the pool tries them: they tie, and `random` 0 makes the power
 * of two choices take the first of them) and a server over them.
 */
async function serve(
  names: string[],
  options: {
    time?: ReturnType<typeof manualTime>
    settings?: unknown
    random?: () => number
    /** Seed project ids: no discovery, which records the tier of the accounts it ran for. */
    projects?: boolean
  } = {},
): Promise<TestServer> {
  const users = names.map((name) => ({
    email: `${name}@example.com`,
    ...fake.addUser({ email: `${name}@example.com`, projectId: `proj-${name}` }),
  }))
  seedAccounts(
    temp.dir,
    users.map((user) => ({
      email: user.email,
      refreshToken: user.refreshToken,
      projectId: options.projects ? `proj-${user.email.split('@')[0]}` : null,
    })),
  )
  if (options.settings)
    writeFileSync(path.join(temp.dir, 'settings.json'), JSON.stringify(options.settings))
  const time = options.time
  server = await startTestServer({
    fake,
    dataDir: temp.dir,
    core: {
      ...(time ? { clock: time.clock, timers: time.timers } : {}),
      random: options.random ?? (() => 0),
    },
  })
  return server
}

type Protocol = 'openai' | 'anthropic' | 'gemini'

function ask(protocol: Protocol, text = 'Say hello', signal?: AbortSignal): Promise<Response> {
  const json = { 'content-type': 'application/json' }
  const messages = [{ role: 'user', content: text }]
  const init = { method: 'POST', signal }
  if (protocol === 'openai')
    return fetch(`${server!.url}/v1/chat/completions`, {
      ...init,
      headers: json,
      body: JSON.stringify({ model: 'gemini-2.5-flash', messages }),
    })
  if (protocol === 'anthropic')
    return fetch(`${server!.url}/v1/messages`, {
      ...init,
      headers: { ...json, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'gemini-2.5-flash', max_tokens: 64, messages }),
    })
  return fetch(`${server!.url}/v1beta/models/gemini-2.5-flash:generateContent`, {
    ...init,
    headers: json,
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text }] }] }),
  })
}

const generateCalls = () => [
  ...fake.callsTo('generateContent'),
  ...fake.callsTo('streamGenerateContent'),
]

/** A 429 as Google words a short rate limit, with RetryInfo `retryDelay` only. */
const rateLimited = (retryDelay: string) => ({
  error: {
    code: 429,
    message: `You have exhausted your capacity on this model. Your quota will reset after ${retryDelay}.`,
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'cloudcode-pa.googleapis.com',
      },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay },
    ],
  },
})

describe('every account resting beyond the wait bound', () => {
  it.each(['openai', 'anthropic', 'gemini'] as const)(
    '%s: 429 in the protocol’s format with Retry-After, without asking Google again',
    async (protocol) => {
      await serve(['ana', 'bob'])
      // 60 s: far beyond the 5 s agtray waits by default.
      fake.setGenerateHandler(() => ({ kind: 'error', status: 429, body: rateLimited('60s') }))
      const first = await ask(protocol)
      expect(first.status).toBe(429)
      expect(first.headers.get('retry-after')).toBe('60')
      await first.text()
      expect(generateCalls()).toHaveLength(2)

      const resting = await ask(protocol)
      expect(resting.status).toBe(429)
      const seconds = Number(resting.headers.get('retry-after'))
      expect(seconds).toBeGreaterThanOrEqual(58)
      expect(seconds).toBeLessThanOrEqual(60)
      const body = (await resting.json()) as any
      if (protocol === 'openai')
        expect(body.error).toMatchObject({ type: 'rate_limit_error', code: 'no_available_account' })
      if (protocol === 'anthropic')
        expect(body).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } })
      if (protocol === 'gemini')
        expect(body.error).toMatchObject({
          code: 429,
          status: 'RESOURCE_EXHAUSTED',
          details: [
            { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${seconds}s` },
          ],
        })
      expect(body.error.message).toContain('every account is resting')
      expect(generateCalls()).toHaveLength(2)
    },
  )
})

describe('waiting for an account instead of failing', () => {
  /** Each account answers its first call with a 1.2 s rate limit, then serves. */
  const limitOnceEach = () => {
    const limited = new Set<string>()
    fake.setGenerateHandler((ctx: GenerateContext) => {
      if (limited.has(ctx.user.email)) return { kind: 'chunks', chunks: okChunks(ctx) }
      limited.add(ctx.user.email)
      return { kind: 'error', status: 429, body: rateLimited('1.2s') }
    })
  }
  const okChunks = (ctx: GenerateContext) => [
    {
      candidates: [
        {
          content: { role: 'model', parts: [{ text: `ok from ${ctx.user.email}` }] },
          finishReason: 'STOP',
        },
      ],
    },
  ]

  it('waits out a 1.2 s rate limit on every account, then serves the request', async () => {
    const time = manualTime()
    await serve(['ana', 'bob'], { time })
    limitOnceEach()
    let settled = false
    const answer = ask('openai').finally(() => (settled = true))
    // Both accounts refused; the request now waits on agtray's timer for the first back.
    await vi.waitFor(() => expect(time.pending()).toBe(1))
    expect(generateCalls()).toHaveLength(2)
    expect(settled).toBe(false)

    time.advance(1200)
    const response = await answer
    expect(response.status).toBe(200)
    const body = (await response.json()) as any
    expect(body.choices[0].message.content).toBe('ok from ana@example.com')
    expect(generateCalls().map((call) => call.email)).toEqual([
      'ana@example.com',
      'bob@example.com',
      'ana@example.com',
    ])
  })

  it('answers 429 at once when waiting is turned off (scheduling.max_wait_seconds: 0)', async () => {
    const time = manualTime()
    await serve(['ana', 'bob'], { time, settings: { scheduling: { max_wait_seconds: 0 } } })
    limitOnceEach()
    const response = await ask('anthropic')
    expect(response.status).toBe(429)
    expect(response.headers.get('retry-after')).toBe('2')
    expect(time.pending()).toBe(0)
  })

  it('stops waiting when the client goes away: no account is spent on it', async () => {
    const time = manualTime()
    await serve(['ana', 'bob'], { time })
    limitOnceEach()
    const abort = new AbortController()
    const answer = ask('gemini', 'Say hello', abort.signal).catch((error: Error) => error)
    await vi.waitFor(() => expect(time.pending()).toBe(1))
    abort.abort()
    expect(await answer).toBeInstanceOf(Error)
    await vi.waitFor(() => expect(time.pending()).toBe(0))
    time.advance(1200)
    // The next request is served by Ana at once: the one that left took nothing.
    const next = await ask('gemini')
    expect(next.status).toBe(200)
    expect(generateCalls()).toHaveLength(3)
  })
})

describe('a refusal of the request is not a limit of the account', () => {
  it('stops after two accounts refused the request itself, rests nobody, says so', async () => {
    // Without affinity and taking the accounts in turn, three requests reach the three accounts.
    await serve(['ana', 'bob', 'cid'], {
      // No quota fetch either: accounts whose quota is known would rank before the others.
      settings: { scheduling: { mode: 'performance' }, quota_refresh: { enabled: false } },
      random: inTurnRandom(3),
      projects: true,
    })
    const invalid = fixtureText('error-400-unknown-field-in-schema.json')
    fake.setGenerateHandler((ctx) =>
      JSON.stringify(ctx.request).includes('forbidden-request')
        ? { kind: 'error', status: 400, body: JSON.parse(invalid) }
        : {
            kind: 'chunks',
            chunks: [
              {
                candidates: [
                  {
                    content: { role: 'model', parts: [{ text: `ok from ${ctx.user.email}` }] },
                    finishReason: 'STOP',
                  },
                ],
              },
            ],
          },
    )
    for (const protocol of ['openai', 'anthropic', 'gemini'] as const) {
      fake.resetCalls()
      const refused = await ask(protocol, 'forbidden-request')
      expect(refused.status).toBe(400)
      expect(refused.headers.has('retry-after')).toBe(false)
      const body = (await refused.json()) as any
      expect(body.error.message).toContain('Invalid JSON payload received')
      expect(body.error.message).toContain('Google refused this request itself on 2 accounts')
      if (protocol === 'openai')
        expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'request_refused' })
      if (protocol === 'anthropic') expect(body.error.type).toBe('invalid_request_error')
      if (protocol === 'gemini') expect(body.error.status).toBe('INVALID_ARGUMENT')
      // Not passed on to a third account.
      expect(generateCalls()).toHaveLength(2)
    }

    // Nobody rests: every account is in the pool, and the next requests are served at once.
    const { body: list } = await server!.admin('GET', '/api/accounts')
    expect(list.accounts.map((account: any) => account.pool_status)).toEqual([
      'in-pool',
      'in-pool',
      'in-pool',
    ])
    fake.resetCalls()
    const servedBy: string[] = []
    for (let i = 0; i < 3; i++) {
      const ok = await ask('openai')
      expect(ok.status).toBe(200)
      servedBy.push(((await ok.json()) as any).choices[0].message.content)
    }
    expect(new Set(servedBy).size).toBe(3)
    expect(generateCalls()).toHaveLength(3)
  })

  it('with one account, the client gets Google’s refusal as it was', async () => {
    await serve(['ana'])
    const invalid = fixtureText('error-400-unknown-field-in-schema.json')
    fake.setGenerateHandler(() => ({ kind: 'error', status: 400, body: JSON.parse(invalid) }))
    const refused = await server!.generate()
    expect(refused.status).toBe(400)
    const body = (await refused.json()) as any
    expect(body.error.message).not.toContain('refused this request itself')
    expect(generateCalls()).toHaveLength(1)
  })
})
