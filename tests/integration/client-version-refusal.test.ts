import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { readAccountFile } from '../helpers/account-files'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  seedFakeUsers,
} from '../helpers/fake-google-world'
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

const GOOGLE_SAID = 'This version of Antigravity is no longer supported'

/** What the user must read: Google's words, the version agtray sent, and where to set a newer one. */
function expectClearMessage(message: string, version = '4.3.0', fromEnvironment = false): void {
  expect(message).toContain(GOOGLE_SAID)
  expect(message).toContain(`(${version})`)
  expect(message).toContain('AGTRAY_CLIENT_VERSION')
  if (fromEnvironment) expect(message).toContain('environment variable: set a newer version there')
  else expect(message).toContain('google.client_version')
}

const twoAccounts = (projects: [string | null, string | null] = ['proj-ana', 'proj-bob']) =>
  seedFakeUsers({ fake, temp }, ['ana', 'bob'], projects).ids

const post = (target: TestServer, route: string, body: unknown): Promise<Response> =>
  fetch(`${target.url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': target.apiKey },
    body: JSON.stringify(body),
  })

async function expectAccountsUntouched(target: TestServer, ids: string[]): Promise<void> {
  const listed = (await target.admin('GET', '/api/accounts')).body.accounts as any[]
  expect(listed).toHaveLength(ids.length)
  for (const account of listed) {
    expect(account).toMatchObject({
      disabled: false,
      proxy_disabled: false,
      pool_status: 'in-pool',
      cooldown_until: null,
    })
  }
  for (const id of ids) {
    const file = readAccountFile(temp.dir, id)
    expect(file.disabled).toBe(false)
    expect(file.proxy_disabled).toBe(false)
    expect(file.disabled_reason).toBeUndefined()
    expect(file.proxy_disabled_reason).toBeUndefined()
  }
}

describe('Google refuses the Antigravity version agtray presents', () => {
  it('every AI route says so in its own format, no account rests or is marked, and a newer version in the settings fixes it', async () => {
    const ids = twoAccounts()
    server = await startTestServer({ fake, dataDir: temp.dir })
    fake.requireClientVersion('9.0.0')

    const openai = await post(server, '/v1/chat/completions', {
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(openai.status).toBe(400)
    const openaiBody = (await openai.json()) as any
    expect(openaiBody.error.code).toBe('client_outdated')
    expectClearMessage(openaiBody.error.message)

    const anthropic = await post(server, '/v1/messages', {
      model: 'claude-sonnet-4-5',
      max_tokens: 50,
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(anthropic.status).toBe(400)
    const anthropicBody = (await anthropic.json()) as any
    expect(anthropicBody.type).toBe('error')
    expect(anthropicBody.error.type).toBe('invalid_request_error')
    expectClearMessage(anthropicBody.error.message)

    const gemini = await server.generate({ stream: true })
    expect(gemini.status).toBe(400)
    const geminiBody = (await gemini.json()) as any
    expect(geminiBody.error.code).toBe(400)
    expectClearMessage(geminiBody.error.message)

    // One call per request: the other account would hear the same, so it is not tried.
    const generateCalls = fake.calls.filter((call) =>
      ['generateContent', 'streamGenerateContent'].includes(call.endpoint),
    )
    expect(generateCalls).toHaveLength(3)
    await expectAccountsUntouched(server, ids)

    const patched = await server.admin('PATCH', '/api/settings', { client_version: '9.1.0' })
    expect(patched.status).toBe(200)
    const fixed = await server.generate()
    expect(fixed.status, await fixed.clone().text()).toBe(200)
  })

  it('an account whose project is not known yet: the request gets the same clear error, the account stays in the pool', async () => {
    const ids = twoAccounts([null, null])
    server = await startTestServer({ fake, dataDir: temp.dir })
    fake.requireClientVersion('9.0.0')

    const response = await server.generate()
    expect(response.status).toBe(400)
    expectClearMessage(((await response.json()) as any).error.message)
    expect(fake.callsTo('loadCodeAssist')).toHaveLength(1)
    await expectAccountsUntouched(server, ids)
    for (const id of ids) expect(readAccountFile(temp.dir, id).token.project_id).toBeUndefined()
  })

  it('adding an account says so (admin API error), and names the environment variable when it set the version', async () => {
    const { refreshToken } = fake.addUser({ email: 'cid@example.com' })
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      env: { AGTRAY_CLIENT_VERSION: '8.0.0' },
    })
    fake.requireClientVersion('9.0.0')

    const added = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    expect(added.status).toBe(400)
    expect(added.body.error.code).toBe('client_outdated')
    expectClearMessage(added.body.error.message, '8.0.0', true)
    expect((await server.admin('GET', '/api/accounts')).body.accounts).toHaveLength(0)
  })
})
