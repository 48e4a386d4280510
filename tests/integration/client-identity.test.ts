import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeCall, FakeGoogle } from '../fakes/google'
import { seedAccounts } from '../helpers/account-files'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
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

const cloudCodeEndpoints = new Set([
  'loadCodeAssist',
  'onboardUser',
  'getOperation',
  'generateContent',
  'streamGenerateContent',
  'countTokens',
  'fetchAvailableModels',
])

const loadCodeAssistRequest = JSON.parse(
  readFileSync(path.join(__dirname, '../fixtures/loadCodeAssist.request.json'), 'utf8'),
) as unknown

/** Antigravity's desktop User-Agent (reference §3.9), at the given version. */
const antigravityAgent = (version: string): RegExp =>
  new RegExp(
    `^Antigravity/${version.replaceAll('.', '\\.')} \\((Macintosh; Intel Mac OS X 10_15_7|Windows NT 10\\.0; Win64; x64|X11; Linux x86_64)\\) Chrome/[\\d.]+ Electron/[\\d.]+$`,
  )

function expectAntigravityIdentity(call: FakeCall, version: string): void {
  const where = `${call.endpoint} call`
  expect(call.headers['user-agent'], where).toMatch(antigravityAgent(version))
  expect(call.headers['x-client-name'], where).toBe('antigravity')
  expect(call.headers['x-client-version'], where).toBe(version)
}

async function chat(target: TestServer, stream = false): Promise<Response> {
  return fetch(`${target.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${target.apiKey}` },
    body: JSON.stringify({
      model: 'gemini-2.5-flash',
      stream,
      messages: [{ role: 'user', content: 'Say hello' }],
    }),
  })
}

async function serveSome(target: TestServer): Promise<void> {
  const plain = await chat(target)
  expect(plain.status, await plain.clone().text()).toBe(200)
  const streamed = await chat(target, true)
  expect(streamed.status).toBe(200)
  await streamed.text()
  const geminiPlain = await target.generate()
  expect(geminiPlain.status).toBe(200)
  const gemini = await target.generate({ stream: true })
  expect(gemini.status).toBe(200)
  await gemini.text()
  const counted = await fetch(`${target.url}/v1beta/models/gemini-2.5-flash:countTokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'count me' }] }] }),
  })
  expect(counted.status, await counted.clone().text()).toBe(200)
}

describe("Antigravity's identity on every call to Google", () => {
  it('adding an account and serving requests: every Cloud Code call carries the Antigravity User-Agent and client headers, OAuth calls their own agent', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    server = await startTestServer({ fake, dataDir: temp.dir })
    const added = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    expect(added.status, JSON.stringify(added.body)).toBe(201)
    await serveSome(server)

    const calls = fake.calls
    const seen = new Set(calls.map((call) => call.endpoint))
    for (const endpoint of [
      'token',
      'userinfo',
      'loadCodeAssist',
      'generateContent',
      'streamGenerateContent',
      'countTokens',
    ])
      expect(seen, endpoint).toContain(endpoint)
    for (const call of calls) {
      if (cloudCodeEndpoints.has(call.endpoint)) expectAntigravityIdentity(call, '4.3.0')
      else
        expect(call.headers['user-agent'], call.endpoint).toBe('vscode/1.X.X (Antigravity/4.3.0)')
    }
    // The client metadata Antigravity posts (the captured request, verbatim).
    for (const call of fake.callsTo('loadCodeAssist'))
      expect(call.body).toEqual(loadCodeAssistRequest)
  })

  it('a version set in the settings reaches the headers of the next call, without a restart', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    seedAccounts(temp.dir, [{ email: 'ana@example.com', refreshToken, projectId: 'proj-ana' }])
    server = await startTestServer({ fake, dataDir: temp.dir })
    const before = await server.admin('GET', '/api/settings')
    expect(before.body).toMatchObject({
      client_version: '4.3.0',
      client_version_source: 'built-in',
      client_version_built_in: '4.3.0',
    })

    const patched = await server.admin('PATCH', '/api/settings', { client_version: '5.1.2' })
    expect(patched.status).toBe(200)
    expect(patched.body).toMatchObject({
      client_version: '5.1.2',
      client_version_source: 'settings',
    })
    const stored = JSON.parse(readFileSync(path.join(temp.dir, 'settings.json'), 'utf8'))
    expect(stored.google.client_version).toBe('5.1.2')

    fake.resetCalls()
    await serveSome(server)
    const cloudCalls = fake.calls.filter((call) => cloudCodeEndpoints.has(call.endpoint))
    expect(cloudCalls.length).toBeGreaterThan(0)
    for (const call of cloudCalls) expectAntigravityIdentity(call, '5.1.2')
    for (const call of fake.callsTo('token'))
      expect(call.headers['user-agent']).toBe('vscode/1.X.X (Antigravity/5.1.2)')

    // An empty value goes back to the built-in version.
    const reset = await server.admin('PATCH', '/api/settings', { client_version: '' })
    expect(reset.body).toMatchObject({ client_version: '4.3.0', client_version_source: 'built-in' })
  })

  it('refuses a malformed version in the settings with a clear admin error', async () => {
    server = await startTestServer({ fake, dataDir: temp.dir })
    const refused = await server.admin('PATCH', '/api/settings', {
      client_version: '4.3.0\r\nX-Evil: 1',
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('invalid_input')
    expect(refused.body.error.message).toContain('4.3.0')
  })

  it('AGTRAY_CLIENT_VERSION wins over the settings, and the settings say so', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    seedAccounts(temp.dir, [{ email: 'ana@example.com', refreshToken, projectId: 'proj-ana' }])
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      env: { AGTRAY_CLIENT_VERSION: '6.0.1' },
    })
    await server.admin('PATCH', '/api/settings', { client_version: '5.1.2' })
    const settings = await server.admin('GET', '/api/settings')
    expect(settings.body).toMatchObject({
      client_version: '6.0.1',
      client_version_source: 'environment',
    })
    fake.resetCalls()
    await serveSome(server)
    for (const call of fake.calls.filter((entry) => cloudCodeEndpoints.has(entry.endpoint)))
      expectAntigravityIdentity(call, '6.0.1')
  })
})
