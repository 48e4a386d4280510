import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { readAccountFile, writeAccountFile } from '../helpers/account-files'
import { createMemoryLogger } from '../helpers/memory-logger'
import type { makeTempDir } from '../helpers/temp-dir'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  seedFakeUsers,
} from '../helpers/fake-google-world'
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

const accounts = (names: string[]) => seedFakeUsers({ fake, temp }, names)

describe('proxy server', () => {
  it('answers /health without a key', async () => {
    server = await startTestServer({ fake, dataDir: temp.dir, env: { AGTRAY_HOST: '0.0.0.0' } })
    const response = await fetch(`${server.url}/health`)
    expect(await response.json()).toMatchObject({ status: 'ok', proxy_enabled: true })
  })

  it('forwards generateContent in the Cloud Code envelope with the account token, never the client key', async () => {
    const { ids } = accounts(['ana'])
    server = await startTestServer({ fake, dataDir: temp.dir })
    const response = await server.generate({ headers: { 'x-goog-api-key': server.apiKey } })
    expect(response.status).toBe(200)
    const call = fake.callsTo('generateContent').at(-1)!
    expect(call.body).toMatchObject({
      project: 'proj-ana',
      model: 'gemini-2.5-flash',
      userAgent: 'antigravity',
      requestType: 'agent',
      requestId: expect.stringMatching(/^agent\//),
      request: geminiBody,
    })
    expect(String(call.headers.authorization)).toMatch(/^Bearer ya29\./)
    expect(JSON.stringify(call.headers)).not.toContain(server.apiKey)
    // The project id found through loadCodeAssist was saved for next time.
    expect(fake.callsTo('loadCodeAssist')).toHaveLength(1)
    expect(readAccountFile(temp.dir, ids[0]!).token.project_id).toBe('proj-ana')
  })

  it('streams: the client gets the first event before the upstream has finished', async () => {
    accounts(['ana'])
    server = await startTestServer({ fake, dataDir: temp.dir })
    const release = fake.holdStreams()
    const response = await server.generate({ stream: true })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const reader = response.body!.getReader()
    const decoder = new TextDecoder()
    let received = ''
    while (!received.includes('\n\n')) {
      const { value, done } = await reader.read()
      if (done) break
      received += decoder.decode(value, { stream: true })
    }
    // The upstream is still holding the rest of its stream here.
    const first = JSON.parse(received.split('\n\n')[0]!.replace(/^data: /, ''))
    expect(first.candidates[0].content.parts[0].text).toBeTruthy()
    expect(first).not.toHaveProperty('response')
    expect(received.split('\n\n').filter(Boolean)).toHaveLength(1)
    release()
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      received += decoder.decode(value, { stream: true })
    }
    const events = received
      .split('\n\n')
      .filter(Boolean)
      .map((block) => JSON.parse(block.replace(/^data: /, '')))
    expect(events).toHaveLength(3)
    expect(events.map((event) => event.candidates[0].content.parts[0].text).join('')).toBe(
      'Hello from gemini-2.5-flash as ana@example.com',
    )
    expect(events[2].candidates[0].finishReason).toBe('STOP')
  })

  it('turns off and on: AI routes answer 503 with a JSON error while off', async () => {
    accounts(['ana'])
    server = await startTestServer({ fake, dataDir: temp.dir })
    const off = await server.admin('POST', '/api/proxy', { enabled: false })
    expect(off.body).toMatchObject({ enabled: false, pool_size: 1 })
    const refused = await server.generate()
    expect(refused.status).toBe(503)
    expect(((await refused.json()) as any).error).toMatchObject({
      code: 503,
      status: 'UNAVAILABLE',
      message: expect.stringContaining('proxy is disabled'),
    })
    await server.admin('POST', '/api/proxy', { enabled: true })
    expect((await server.generate()).status).toBe(200)
  })

  it('requires the API key on a LAN bind in auto mode, from any of the three headers or ?key=', async () => {
    accounts(['ana'])
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      core: { overrides: { host: '0.0.0.0' } },
    })
    const missing = await server.generate()
    expect(missing.status).toBe(401)
    expect(await missing.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } })
    const wrong = await server.generate({ headers: { authorization: 'Bearer sk-wrong' } })
    expect(wrong.status).toBe(401)
    const wrongBody = await wrong.text()
    expect(wrongBody).not.toContain(server.apiKey)
    for (const headers of <Record<string, string>[]>[
      { authorization: `Bearer ${server.apiKey}` },
      { 'x-api-key': server.apiKey },
      { 'x-goog-api-key': server.apiKey },
    ]) {
      expect((await server.generate({ headers })).status).toBe(200)
    }
    const byQuery = await fetch(
      `${server.url}/v1beta/models/gemini-2.5-flash:generateContent?key=${server.apiKey}`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(geminiBody),
      },
    )
    expect(byQuery.status).toBe(200)
    expect(
      fake.callsTo('generateContent').every((call) => !String(call.headers.host).includes('key=')),
    ).toBe(true)
  })

  it('needs no key on loopback in auto mode, and always needs one in strict mode', async () => {
    accounts(['ana'])
    server = await startTestServer({ fake, dataDir: temp.dir })
    expect((await server.generate()).status).toBe(200)
    await server.stop()
    const settingsPath = path.join(temp.dir, 'settings.json')
    const settings = JSON.parse(readFileSync(settingsPath, 'utf8'))
    writeFileSync(
      settingsPath,
      JSON.stringify({ ...settings, proxy: { ...settings.proxy, auth_mode: 'strict' } }),
    )
    server = await startTestServer({ fake, dataDir: temp.dir })
    expect((await server.generate()).status).toBe(401)
    expect((await server.generate({ headers: { 'x-goog-api-key': server.apiKey } })).status).toBe(
      200,
    )
  })

  it('answers bad input in the Gemini error format', async () => {
    accounts(['ana'])
    server = await startTestServer({ fake, dataDir: temp.dir })
    const post = (pathname: string, body: string) =>
      fetch(`${server!.url}${pathname}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    const malformed = await post(
      '/v1beta/models/gemini-2.5-flash:generateContent',
      '{"contents": [',
    )
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({
      error: {
        code: 400,
        status: 'INVALID_ARGUMENT',
        message: expect.stringContaining('not valid JSON'),
      },
    })
    const noContents = await post(
      '/v1beta/models/gemini-2.5-flash:generateContent',
      '{"prompt": "hi"}',
    )
    expect(await noContents.json()).toMatchObject({
      error: { code: 400, message: expect.stringContaining('"contents"') },
    })
    const badMethod = await post(
      '/v1beta/models/gemini-2.5-flash:embedEverything',
      JSON.stringify(geminiBody),
    )
    expect(await badMethod.json()).toMatchObject({
      error: { code: 400, message: 'Unsupported method: embedEverything' },
    })
    expect(fake.callsTo('generateContent')).toHaveLength(0)
  })

  it('translates an upstream error instead of passing it raw, and 401 from Google is not the client’s fault', async () => {
    accounts(['ana'])
    // Answered at once, not waited out (waiting-and-refusals.test.ts covers the wait).
    writeFileSync(
      path.join(temp.dir, 'settings.json'),
      JSON.stringify({ scheduling: { max_wait_seconds: 0 } }),
    )
    server = await startTestServer({ fake, dataDir: temp.dir })
    const rateLimit = JSON.parse(
      readFileSync(path.join(__dirname, '../fixtures/error-429-rate-limit-exceeded.json'), 'utf8'),
    )
    fake.setGenerateHandler(() => ({ kind: 'error', status: 429, body: rateLimit }))
    const limited = await server.generate()
    expect(limited.status).toBe(429)
    expect(await limited.json()).toMatchObject({
      error: {
        code: 429,
        status: 'RESOURCE_EXHAUSTED',
        message: expect.stringContaining('Google:'),
      },
    })
    // The account rests for that model for the time Google asked: no call goes out meanwhile.
    const callsBefore = fake.callsTo('generateContent').length
    // A 429, not a 503: gemini-cli waits for a RetryInfo only on a 429.
    const resting = await server.generate()
    expect(resting.status).toBe(429)
    expect(resting.headers.get('retry-after')).toMatch(/^[12]$/)
    expect(((await resting.json()) as any).error.message).toContain('resting for gemini-2.5-flash')
    expect(fake.callsTo('generateContent')).toHaveLength(callsBefore)

    fake.setGenerateHandler(() => ({
      kind: 'error',
      status: 401,
      body: {
        error: {
          code: 401,
          message: 'Request had invalid authentication credentials.',
          status: 'UNAUTHENTICATED',
        },
      },
    }))
    const refreshesBefore = fake.callsTo('token').length
    const unauthorized = await server.generate({ model: 'gemini-3-flash' })
    expect(unauthorized.status).toBe(502)
    expect(((await unauthorized.json()) as any).error.message).toContain(
      "the account's token was refused",
    )
    // A refused token is refreshed and tried once more before giving up.
    expect(fake.callsTo('token').length).toBe(refreshesBefore + 1)
    expect(
      fake.callsTo('generateContent').filter((call) => call.model === 'gemini-3-flash'),
    ).toHaveLength(2)
  })

  it('serves with the next account when Google refuses one for a rate limit, and rests the first', async () => {
    const { ids } = accounts(['ana', 'bob'])
    // The first ranked account is drawn first (power of two choices made predictable).
    server = await startTestServer({ fake, dataDir: temp.dir, core: { random: () => 0 } })
    const rateLimit = JSON.parse(
      readFileSync(path.join(__dirname, '../fixtures/error-429-quota-exhausted.json'), 'utf8'),
    )
    fake.setGenerateHandler(({ user }) =>
      user.email === 'ana@example.com'
        ? { kind: 'error', status: 429, body: rateLimit }
        : {
            kind: 'chunks',
            chunks: [
              {
                candidates: [
                  {
                    content: { role: 'model', parts: [{ text: 'from bob' }] },
                    finishReason: 'STOP',
                  },
                ],
              },
            ],
          },
    )
    for (let n = 0; n < 4; n++) {
      const response = await server.generate()
      expect(response.status).toBe(200)
      expect(response.headers.get('x-agtray-account-id')).toBe(ids[1])
    }
    // Ana was asked once, then rested for that model only.
    expect(
      fake.callsTo('generateContent').filter((call) => call.email === 'ana@example.com'),
    ).toHaveLength(1)
    const other = await server.generate({ model: 'gemini-3-flash' })
    expect(other.status).toBe(200)
  })

  it('skips a corrupt account file with a warning, leaves it byte for byte, and serves with the others', async () => {
    const { ids } = accounts(['ana', 'bob'])
    const corruptPath = path.join(temp.dir, 'accounts', `${ids[0]}.json`)
    writeFileSync(corruptPath, '{"id": "broken", "email": ')
    const before = readFileSync(corruptPath)
    const logger = createMemoryLogger()
    server = await startTestServer({ fake, dataDir: temp.dir, logger })
    for (let n = 0; n < 4; n++) {
      const response = await server.generate()
      expect(response.status).toBe(200)
      expect(response.headers.get('x-agtray-account-id')).toBe(ids[1])
    }
    expect(
      logger
        .messages()
        .some((message) => message.includes(corruptPath) && message.includes('cannot be read')),
    ).toBe(true)
    const { body } = await server.admin('GET', '/api/accounts')
    expect(body.unreadable).toEqual([
      { id: ids[0], file: corruptPath, error: expect.stringContaining('not valid JSON') },
    ])
    await server.admin('POST', '/api/accounts', {
      refresh_token: fake.mintRefreshToken('bob@example.com'),
    })
    expect(readFileSync(corruptPath).equals(before)).toBe(true)
    const index = JSON.parse(readFileSync(path.join(temp.dir, 'accounts.json'), 'utf8'))
    expect(index.accounts.map((entry: { id: string }) => entry.id)).toContain(ids[0])
  })

  it('picks up edits made to the account files by hand within two seconds', async () => {
    const { ids } = accounts(['ana', 'bob'])
    server = await startTestServer({ fake, dataDir: temp.dir })
    const events: string[] = []
    server.core.events.on('accounts-changed', (event) => events.push(event.reason))
    const edited = readAccountFile(temp.dir, ids[0]!)
    writeAccountFile(temp.dir, ids[0]!, {
      ...edited,
      proxy_disabled: true,
      proxy_disabled_reason: 'edited by hand',
    })
    await expect
      .poll(
        async () => (await server!.admin('GET', '/api/accounts')).body.accounts[0].pool_status,
        { timeout: 2000, interval: 100 },
      )
      .toBe('proxy-disabled')
    // The announcement follows the pool's change; on a loaded machine it may be a moment behind.
    await expect.poll(() => events, { timeout: 2000, interval: 50 }).toContain('reloaded')
    for (let n = 0; n < 3; n++)
      expect((await server.generate()).headers.get('x-agtray-account-id')).toBe(ids[1])
  })
})
