import os from 'node:os'
import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { seedAccounts } from '../helpers/account-files'
import type { RawAnswer } from '../helpers/raw-request'
import { rawRequest } from '../helpers/raw-request'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

let world: FakeGoogleWorld
let server: TestServer

async function start(host = '127.0.0.1'): Promise<void> {
  const { refreshToken } = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
  seedAccounts(world.temp.dir, [{ email: 'ana@example.com', refreshToken, projectId: 'proj-ana' }])
  writeFileSync(
    path.join(world.temp.dir, 'settings.json'),
    JSON.stringify({
      proxy: { allowed_hosts: ['agtray.lan'], cors_origins: ['http://localhost:5173'] },
    }),
  )
  server = await startTestServer({
    fake: world.fake,
    dataDir: world.temp.dir,
    core: { overrides: { host } },
  })
}

beforeEach(async () => {
  world = await openFakeGoogleWorld()
})
afterEach(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

/** A request with headers fetch will not let a test set (Host), as a browser or attacker sends them. */
function send(
  method: string,
  urlPath: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<RawAnswer> {
  const payload = body === undefined ? undefined : JSON.stringify(body)
  return rawRequest(new URL(urlPath, server.url).href, {
    method,
    headers: { ...(payload ? { 'content-type': 'application/json' } : {}), ...headers },
    body: payload,
  })
}

const port = () => new URL(server.url).port
const chat = { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] }
const googleCalls = () =>
  world.fake.callsTo('streamGenerateContent').length + world.fake.callsTo('generateContent').length

/** Every kind of route, with a body it would serve. */
const routes: { method: string; path: string; body?: unknown; admin?: boolean }[] = [
  { method: 'GET', path: '/health' },
  { method: 'GET', path: '/' },
  { method: 'GET', path: '/oauth/callback?state=x&code=y' },
  { method: 'GET', path: '/api/accounts', admin: true },
  { method: 'POST', path: '/api/session', body: { admin_token: 'x' } },
  { method: 'GET', path: '/v1/models' },
  { method: 'POST', path: '/v1/chat/completions', body: chat },
  { method: 'POST', path: '/v1/responses', body: { model: 'gemini-2.5-flash', input: 'hi' } },
  {
    method: 'POST',
    path: '/v1/messages',
    body: { model: 'gemini-2.5-flash', max_tokens: 9, messages: chat.messages },
  },
  {
    method: 'POST',
    path: '/v1beta/models/gemini-2.5-flash:generateContent',
    body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
  },
]

describe('Host allow-list (DNS rebinding)', () => {
  it('refuses a foreign Host on every route with 421, before any Google call', async () => {
    await start()
    for (const route of routes) {
      const auth: Record<string, string> = route.admin
        ? { authorization: `Bearer ${server.adminToken}` }
        : {}
      const refused = await send(
        route.method,
        route.path,
        { host: `rebind.attacker.example:${port()}`, ...auth },
        route.body,
      )
      expect(refused.status, `${route.method} ${route.path}`).toBe(421)
      expect(JSON.stringify(refused.body)).toContain('rebind.attacker.example')
    }
    expect(googleCalls()).toBe(0)
    // The AI routes answer in their own format.
    const openai = await send('POST', '/v1/chat/completions', { host: 'evil.example' }, chat)
    expect(openai.body.error).toMatchObject({ code: 'unknown_host' })
    const gemini = await send(
      'POST',
      '/v1beta/models/gemini-2.5-flash:generateContent',
      { host: 'evil.example' },
      routes.at(-1)?.body,
    )
    expect(gemini.body.error).toMatchObject({ code: 421, status: 'PERMISSION_DENIED' })
  })

  it.each(['localhost', '127.0.0.1', '[::1]', 'agtray.lan'])(
    'serves a request addressed to %s',
    async (name) => {
      await start()
      const served = await send('POST', '/v1/chat/completions', { host: `${name}:${port()}` }, chat)
      expect(served.status).toBe(200)
    },
  )

  it('answers to this machine’s own names and addresses when it listens on the network', async () => {
    await start('0.0.0.0')
    const key = { authorization: `Bearer ${server.apiKey}` }
    const lan = Object.values(os.networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)
    const names = [os.hostname(), ...(lan ? [lan.address] : [])]
    for (const name of names) {
      const served = await send('POST', '/v1/chat/completions', { host: name, ...key }, chat)
      expect(served.status, name).toBe(200)
    }
    const refused = await send(
      'POST',
      '/v1/chat/completions',
      { host: 'evil.example', ...key },
      chat,
    )
    expect(refused.status).toBe(421)
  })
})

describe('web pages (Origin)', () => {
  const page = 'http://127.0.0.1:9' // any other local origin

  it('may not use the accounts without the API key, even where no key is required', async () => {
    await start()
    for (const route of routes.filter((r) => r.path.startsWith('/v1') && r.method === 'POST')) {
      const refused = await send(route.method, route.path, { origin: page }, route.body)
      expect(refused.status, route.path).toBe(401)
      expect(JSON.stringify(refused.body)).toContain('needs the proxy API key')
    }
    expect(googleCalls()).toBe(0)
    const withKey = await send(
      'POST',
      '/v1/chat/completions',
      { origin: page, authorization: `Bearer ${server.apiKey}` },
      chat,
    )
    expect(withKey.status).toBe(200)
    // Without Origin (an AI client), loopback still needs no key.
    expect((await send('POST', '/v1/chat/completions', {}, chat)).status).toBe(200)
  })

  it('never drive the admin API, even with the token, unless they are the web console', async () => {
    await start()
    const token = { authorization: `Bearer ${server.adminToken}` }
    const refused = await send('GET', '/api/accounts', { origin: page, ...token })
    expect(refused.status).toBe(403)
    expect(refused.body.error.code).toBe('foreign_origin')
    const console = await send('GET', '/api/accounts', {
      origin: `http://127.0.0.1:${port()}`,
      ...token,
    })
    expect(console.status).toBe(200)
  })

  it('get CORS headers only for the origins the user listed, never "*"', async () => {
    await start()
    const preflight = (origin: string) =>
      send('OPTIONS', '/v1/chat/completions', {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      })
    const listed = await preflight('http://localhost:5173')
    expect(listed.status).toBe(204)
    expect(listed.headers['access-control-allow-origin']).toBe('http://localhost:5173')
    expect(listed.headers['access-control-allow-headers']).toBe('authorization, content-type')
    const other = await preflight('http://127.0.0.1:9')
    expect(other.headers['access-control-allow-origin']).toBeUndefined()
    const answer = await send(
      'POST',
      '/v1/chat/completions',
      { origin: 'http://localhost:5173', authorization: `Bearer ${server.apiKey}` },
      chat,
    )
    expect(answer.headers['access-control-allow-origin']).toBe('http://localhost:5173')
    expect(answer.headers['access-control-expose-headers']).toContain('retry-after')
  })
})

describe('the web console’s sign-in', () => {
  it('sends Google’s redirect to the bound address, whatever Host the page used', async () => {
    await start()
    const started = await send(
      'POST',
      '/api/oauth/start',
      { host: `localhost:${port()}`, authorization: `Bearer ${server.adminToken}` },
      {},
    )
    expect(started.status).toBe(200)
    const redirect = new URL(started.body.auth_url).searchParams.get('redirect_uri')
    expect(redirect).toBe(`${server.url}/oauth/callback`)
  })
})
