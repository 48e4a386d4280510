import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { quotaBlock } from '../helpers/pool-world'
import { seededRandom, writeSettings } from '../helpers/scheduling'
import type { makeTempDir } from '../helpers/temp-dir'
import type { TestServer } from '../helpers/test-server'
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

const fixture = (name: string): any =>
  JSON.parse(readFileSync(path.join(__dirname, '../fixtures', name), 'utf8'))

interface Seed {
  name: string
  tier?: string
  quota?: Record<string, number>
}

/** Accounts the fake knows, with stored quotas as the quota fetcher writes them. */
function seed(accounts: Seed[]): string[] {
  return seedAccounts(
    temp.dir,
    accounts.map(({ name, tier, quota }) => {
      const email = `${name}@example.com`
      const { refreshToken } = fake.addUser({ email, projectId: `proj-${name}` })
      return {
        email,
        refreshToken,
        projectId: `proj-${name}`,
        extra: quota || tier ? { quota: quotaBlock(tier, quota ?? {}) } : {},
      }
    }),
  )
}

const start = (random: () => number = () => 0) =>
  startTestServer({ fake, dataDir: temp.dir, core: { random } }).then((started) => {
    server = started
    return started
  })

async function post(urlPath: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${server!.url}${urlPath}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': server!.apiKey, ...headers },
    body: JSON.stringify(body),
  })
  const text = await response.text()
  expect(response.status, text).toBe(200)
  return text
}

/** Who served each generate call of the fake (by the bearer token's email), and its sessionId. */
const served = () =>
  [...fake.callsTo('generateContent'), ...fake.callsTo('streamGenerateContent')]
    .sort((a, b) => a.at - b.at)
    .map((call) => ({
      email: call.email,
      model: call.model,
      sessionId: (call.body as { request?: { sessionId?: string } }).request?.sessionId,
    }))

/** A plain answer, for generate handlers that refuse only some accounts. */
const okReply = {
  kind: 'chunks' as const,
  chunks: [
    { candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' }] },
  ],
}

const CLAUDE = 'claude-sonnet-4-6'
const FLASH = 'gemini-3-flash'

describe('quota protection per model family', () => {
  it('keeps an account under the threshold off that family, serving the others with it', async () => {
    const [low] = seed([
      { name: 'low', tier: 'g1-ultra-tier', quota: { [CLAUDE]: 4, [FLASH]: 90 } },
      { name: 'bob', tier: 'free-tier', quota: { [CLAUDE]: 60, [FLASH]: 60 } },
    ])
    writeSettings(temp.dir, { quota_protection: { enabled: true, threshold_percentage: 10 } })
    await start(seededRandom(3))
    for (let n = 0; n < 4; n++)
      await post('/v1/messages', {
        model: CLAUDE,
        max_tokens: 64,
        messages: [{ role: 'user', content: `Claude question ${n}` }],
      })
    for (let n = 0; n < 4; n++)
      await post(`/v1beta/models/${FLASH}:generateContent`, {
        contents: [{ role: 'user', parts: [{ text: `Flash question ${n}` }] }],
      })
    const calls = served()
    expect(calls.filter((call) => call.model === CLAUDE).map((call) => call.email)).toEqual(
      Array(4).fill('bob@example.com'),
    )
    // Ultra with 90 % of Flash left: the best for Flash, so it serves at least some of it.
    expect(calls.filter((call) => call.model === FLASH).map((call) => call.email)).toContain(
      'low@example.com',
    )

    await vi.waitFor(() =>
      expect(readAccountFile(temp.dir, low!).protected_models).toEqual(['claude']),
    )
    const { body } = await server!.admin('GET', '/api/accounts')
    expect(body.accounts.find((account: { id: string }) => account.id === low)).toMatchObject({
      in_pool: true,
      pool_status: 'in-pool',
      protected_models: ['claude'],
    })
  })
})

/** One conversation of three turns for each protocol: each turn repeats the history. */
const conversations: Record<string, { path: string; turn(n: number): unknown }> = {
  'OpenAI chat': {
    path: '/v1/chat/completions',
    turn: (n) => ({
      model: FLASH,
      messages: [
        { role: 'system', content: 'Be brief.' },
        ...Array.from({ length: n }, (_, k) => [
          { role: 'user', content: `Chat question ${k}` },
          { role: 'assistant', content: `Answer ${k}` },
        ]).flat(),
        { role: 'user', content: `Chat question ${n}` },
      ],
    }),
  },
  'OpenAI Responses': {
    path: '/v1/responses',
    turn: (n) => ({
      model: FLASH,
      input: [
        ...Array.from({ length: n }, (_, k) => [
          { type: 'message', role: 'user', content: `Responses question ${k}` },
          { type: 'message', role: 'assistant', content: `Answer ${k}` },
        ]).flat(),
        { type: 'message', role: 'user', content: `Responses question ${n}` },
      ],
    }),
  },
  Anthropic: {
    path: '/v1/messages',
    turn: (n) => ({
      model: CLAUDE,
      max_tokens: 64,
      messages: [
        ...Array.from({ length: n }, (_, k) => [
          { role: 'user', content: `Anthropic question ${k}` },
          { role: 'assistant', content: `Answer ${k}` },
        ]).flat(),
        { role: 'user', content: `Anthropic question ${n}` },
      ],
    }),
  },
  Gemini: {
    path: `/v1beta/models/${FLASH}:generateContent`,
    turn: (n) => ({
      contents: [
        ...Array.from({ length: n }, (_, k) => [
          { role: 'user', parts: [{ text: `Gemini question ${k}` }] },
          { role: 'model', parts: [{ text: `Answer ${k}` }] },
        ]).flat(),
        { role: 'user', parts: [{ text: `Gemini question ${n}` }] },
      ],
    }),
  },
}

describe('session affinity (balanced, the default)', () => {
  it('keeps each conversation on one account with one sessionId, three turns, every protocol', async () => {
    seed(['ana', 'bob', 'cid', 'dan'].map((name) => ({ name })))
    // Without affinity this random spreads requests over the four accounts.
    await start(seededRandom(42))
    for (const [protocol, conversation] of Object.entries(conversations)) {
      const before = served().length
      for (let n = 0; n < 3; n++) await post(conversation.path, conversation.turn(n))
      const turns = served().slice(before)
      expect(turns, protocol).toHaveLength(3)
      expect(new Set(turns.map((turn) => turn.email)).size, protocol).toBe(1)
      expect(new Set(turns.map((turn) => turn.sessionId)).size, protocol).toBe(1)
      expect(turns[0]?.sessionId, protocol).toMatch(/^sid-[0-9a-f]{16}$/)
    }
    const { body } = await server!.admin('GET', '/api/accounts')
    const bindings = body.accounts.reduce(
      (sum: number, account: { session_bindings: number }) => sum + account.session_bindings,
      0,
    )
    // Four conversations: Chat, Responses and Gemini on Flash, Anthropic on Claude.
    expect(bindings).toBe(4)
  })

  it('keeps Claude Code’s session (its header) on one account and sends that id to Google', async () => {
    seed(['ana', 'bob', 'cid', 'dan'].map((name) => ({ name })))
    await start(seededRandom(8))
    const body = fixture('claude-code-2.1.332.default-model.messages.request.json')
    const headers = fixture('claude-code-2.1.332.default-model.messages.request.headers.json')
    const session = headers['x-claude-code-session-id']
    for (let n = 0; n < 3; n++)
      await post('/v1/messages', body, { 'x-claude-code-session-id': session })
    const turns = served()
    expect(turns).toHaveLength(3)
    expect(new Set(turns.map((turn) => turn.email)).size).toBe(1)
    expect(turns.map((turn) => turn.sessionId)).toEqual([session, session, session])
  })

  it('moves a conversation to another account when its account is rate limited', async () => {
    seed(['ana', 'bob'].map((name) => ({ name })))
    await start()
    const turn = conversations.Gemini!
    await post(turn.path, turn.turn(0))
    const first = served()[0]!.email
    const limited = fixture('error-429-rate-limit-exceeded.json')
    fake.setGenerateHandler(({ user }) =>
      user.email === first ? { kind: 'error', status: 429, body: limited } : okReply,
    )
    await post(turn.path, turn.turn(1))
    fake.setGenerateHandler(null)
    await post(turn.path, turn.turn(2))
    const emails = served().map((call) => call.email)
    const other = first === 'ana@example.com' ? 'bob@example.com' : 'ana@example.com'
    // Turn 2: refused on the first account, served by the other; turn 3 stays there.
    expect(emails).toEqual([first, first, other, other])
    expect(new Set(served().map((call) => call.sessionId)).size).toBe(1)
  })
})

describe('scheduling modes', () => {
  it('performance mode spreads one conversation over the accounts, with one sessionId', async () => {
    seed(['ana', 'bob', 'cid'].map((name) => ({ name })))
    writeSettings(temp.dir, { scheduling: { mode: 'performance' } })
    await start(seededRandom(42))
    const turn = conversations['OpenAI chat']!
    for (let n = 0; n < 9; n++) await post(turn.path, turn.turn(0))
    const calls = served()
    expect(new Set(calls.map((call) => call.email))).toEqual(
      new Set(['ana@example.com', 'bob@example.com', 'cid@example.com']),
    )
    expect(new Set(calls.map((call) => call.sessionId)).size).toBe(1)
  })

  it('fixed mode serves with the chosen account, and falls back while it cannot', async () => {
    const [, bob] = seed([
      { name: 'ana', tier: 'g1-ultra-tier' },
      { name: 'bob', tier: 'free-tier' },
    ])
    writeSettings(temp.dir, { scheduling: { mode: 'fixed', fixed_account_id: bob } })
    await start(seededRandom(5))
    const ask = (n: number) =>
      post(`/v1beta/models/${FLASH}:generateContent`, {
        contents: [{ role: 'user', parts: [{ text: `Question number ${n}` }] }],
      })
    for (let n = 0; n < 3; n++) await ask(n)
    expect(served().map((call) => call.email)).toEqual(Array(3).fill('bob@example.com'))

    const limited = fixture('error-429-rate-limit-exceeded.json')
    fake.setGenerateHandler(({ user }) =>
      user.email === 'bob@example.com' ? { kind: 'error', status: 429, body: limited } : okReply,
    )
    await ask(3)
    await ask(4)
    // Refused once, bob rests: the next request goes straight to ana.
    expect(
      served()
        .slice(3)
        .map((call) => call.email),
    ).toEqual(['bob@example.com', 'ana@example.com', 'ana@example.com'])
  })
})

describe('settings', () => {
  it('apply to the next request, without a restart (admin API)', async () => {
    const [low, bob] = seed([
      { name: 'low', tier: 'g1-ultra-tier', quota: { [CLAUDE]: 4, [FLASH]: 90 } },
      { name: 'bob', tier: 'free-tier', quota: { [CLAUDE]: 60, [FLASH]: 60 } },
    ])
    await start()
    const ask = (n: number) =>
      post('/v1/messages', {
        model: CLAUDE,
        max_tokens: 64,
        messages: [{ role: 'user', content: `Question number ${n}` }],
      })
    await ask(0)
    expect(served().at(-1)?.email).toBe('low@example.com')

    const patched = await server!.admin('PATCH', '/api/settings', {
      quota_protection_enabled: true,
      quota_protection_threshold: 5,
    })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({
      quota_protection_enabled: true,
      quota_protection_threshold: 5,
      scheduling_mode: 'balanced',
    })
    await ask(1)
    expect(served().at(-1)?.email).toBe('bob@example.com')
    await vi.waitFor(() =>
      expect(readAccountFile(temp.dir, low!).protected_models).toEqual(['claude']),
    )

    // Flash goes to the best ranked (low), until fixed mode names bob.
    const flash = () =>
      post(`/v1beta/models/${FLASH}:generateContent`, {
        contents: [{ role: 'user', parts: [{ text: 'A Flash question' }] }],
      })
    await flash()
    expect(served().at(-1)?.email).toBe('low@example.com')
    await server!.admin('PATCH', '/api/settings', {
      scheduling_mode: 'fixed',
      fixed_account_id: bob,
    })
    await flash()
    expect(served().at(-1)?.email).toBe('bob@example.com')

    const refused = await server!.admin('PATCH', '/api/settings', {
      quota_protection_threshold: 150,
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.message).toContain('quota_protection_threshold')
  })
})
