import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { seedAccounts } from '../helpers/account-files'
import type { MemoryLogger } from '../helpers/memory-logger'
import { createMemoryLogger } from '../helpers/memory-logger'
import type { makeTempDir } from '../helpers/temp-dir'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { geminiBody, startTestServer } from '../helpers/test-server'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let server: TestServer | null = null
let logger: MemoryLogger
let ids: string[]
let refreshTokens: string[]

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
  const users = ['ana', 'bob'].map((name) => ({
    email: `${name}@example.com`,
    ...fake.addUser({ email: `${name}@example.com`, projectId: `proj-${name}` }),
  }))
  refreshTokens = users.map((user) => user.refreshToken)
  ids = seedAccounts(
    temp.dir,
    users.map((user) => ({ email: user.email, refreshToken: user.refreshToken, projectId: null })),
  )
  logger = createMemoryLogger()
  // A LAN bind: the key is required, so every client request carries it.
  server = await startTestServer({
    fake,
    dataDir: temp.dir,
    logger,
    // random 0: the first ranked account (ana) is tried first.
    core: { overrides: { host: '0.0.0.0' }, random: () => 0 },
  })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
  server = null
})

interface LogLine {
  level: number
  msg: string
  route?: string
  [field: string]: unknown
}

const parsedLines = (): LogLine[] => logger.lines.map((line) => JSON.parse(line) as LogLine)
const requestLines = (): LogLine[] => parsedLines().filter((line) => 'latency_ms' in line)

const rateLimit = JSON.parse(
  readFileSync(path.join(__dirname, '../fixtures/error-429-rate-limit-exceeded.json'), 'utf8'),
)

describe('the request log', () => {
  it('writes one info line per AI request: route, models, account, status, latency, attempts', async () => {
    // Ana is refused for a rate limit, Bob answers: two attempts.
    fake.setGenerateHandler(({ user }) =>
      user.email === 'ana@example.com'
        ? { kind: 'error', status: 429, body: rateLimit }
        : {
            kind: 'chunks',
            chunks: [
              {
                candidates: [
                  { content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' },
                ],
              },
            ],
          },
    )
    const response = await fetch(`${server!.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server!.apiKey}` },
      body: JSON.stringify({
        model: 'claude-sonnet-4-5',
        messages: [{ role: 'user', content: 'Say hello' }],
      }),
    })
    expect(response.status).toBe(200)
    await response.text()
    await expect.poll(() => requestLines().length).toBe(1)
    const [line] = requestLines()
    expect(line).toMatchObject({
      level: 30,
      route: '/v1/chat/completions',
      method: 'POST',
      client_model: 'claude-sonnet-4-5',
      model: 'claude-sonnet-4-6',
      account_id: ids[1],
      status: 200,
      attempts: 2,
      outcome: 'finished',
    })
    expect(line!.latency_ms).toEqual(expect.any(Number))
    expect(line!.msg).toMatch(
      /^POST \/v1\/chat\/completions 200 in \d+ ms \(claude-sonnet-4-5 as claude-sonnet-4-6, bob@example\.com, 2 attempts\)$/,
    )
  })

  it('logs the path without the query a Gemini client may put its key in', async () => {
    const response = await fetch(
      `${server!.url}/v1beta/models/gemini-2.5-flash:generateContent?key=${server!.apiKey}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(geminiBody),
      },
    )
    expect(response.status).toBe(200)
    await response.text()
    await expect.poll(() => requestLines().length).toBe(1)
    expect(requestLines()[0]).toMatchObject({
      route: '/v1beta/models/gemini-2.5-flash:generateContent',
      client_model: 'gemini-2.5-flash',
      model: 'gemini-2.5-flash',
      account_id: ids[0],
      status: 200,
      attempts: 1,
    })
  })

  it('logs refused requests too, and never the admin API or health checks', async () => {
    const refused = await server!.generate({ headers: { 'x-goog-api-key': 'sk-not-the-key-1234' } })
    expect(refused.status).toBe(401)
    await server!.admin('GET', '/api/accounts')
    await fetch(`${server!.url}/health`)
    await expect.poll(() => requestLines().length).toBe(1)
    // Give a stray line for the admin or health request the time to arrive, then look again.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(requestLines()).toHaveLength(1)
    expect(requestLines()[0]).toMatchObject({ status: 401, attempts: 0, model: null })
    const infoRoutes = parsedLines()
      .filter((line) => line.level === 30)
      .map((line) => line.msg)
    expect(infoRoutes.some((msg) => msg.includes('/api/') || msg.includes('/health'))).toBe(false)
  })

  it('says "client closed" when the client goes away mid-answer', async () => {
    const release = fake.holdStreams()
    const response = await server!.generate({
      stream: true,
      headers: { 'x-goog-api-key': server!.apiKey },
    })
    expect(response.status).toBe(200)
    const reader = response.body!.getReader()
    await reader.read()
    await reader.cancel()
    await expect.poll(() => requestLines().length).toBe(1)
    release()
    expect(requestLines()[0]).toMatchObject({ outcome: 'client closed', status: 200, attempts: 1 })
    expect(requestLines()[0]!.msg).toContain('client closed after')
  })

  it('holds no token, key or header, not even a redacted one', async () => {
    await server!.generate({ headers: { authorization: `Bearer ${server!.apiKey}` } })
    await server!.generate({ headers: { 'x-api-key': server!.apiKey }, stream: true })
    await server!.generate({ headers: { 'x-goog-api-key': 'sk-wrong-key-0123456789abcdef' } })
    await expect.poll(() => requestLines().length).toBe(3)
    const accessTokens = [
      ...fake.callsTo('generateContent'),
      ...fake.callsTo('streamGenerateContent'),
    ].map((call) => String(call.headers.authorization).replace(/^Bearer /, ''))
    expect(accessTokens.every((token) => token.startsWith('ya29.'))).toBe(true)
    const everything = logger.lines.join('\n')
    for (const secret of [server!.apiKey, server!.adminToken, ...accessTokens, ...refreshTokens])
      expect(everything).not.toContain(secret)
    // The request lines do not rely on redaction: there was never a secret to hide.
    const requestText = JSON.stringify(requestLines())
    expect(requestText).not.toContain('[redacted]')
    expect(requestText).not.toMatch(/authorization|x-api-key|sk-wrong/i)
  })
})
