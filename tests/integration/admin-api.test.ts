import { existsSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { seedAccounts } from '../helpers/account-files'
import type { makeTempDir } from '../helpers/temp-dir'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let server: TestServer

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
  server = await startTestServer({ fake, dataDir: temp.dir })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
})

/** Reads server-sent events from /api/events until `count` named events have arrived. */
async function collectEvents(
  count: number,
  during: () => Promise<void>,
): Promise<{ event: string; data: any }[]> {
  const controller = new AbortController()
  const response = await fetch(`${server.url}/api/events`, {
    headers: { authorization: `Bearer ${server.adminToken}` },
    signal: controller.signal,
  })
  expect(response.headers.get('content-type')).toContain('text/event-stream')
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  const events: { event: string; data: any }[] = []
  let buffer = ''
  let running: Promise<void> | null = null
  while (events.length < count) {
    const { value, done } = await reader.read()
    if (done) break
    buffer += decoder.decode(value, { stream: true })
    let end: number
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end)
      buffer = buffer.slice(end + 2)
      const event = /^event: (.*)$/m.exec(block)?.[1]
      const data = /^data: (.*)$/m.exec(block)?.[1]
      if (event && data) events.push({ event, data: JSON.parse(data) })
    }
    if (!running && events.some((event) => event.event === 'ready')) running = during()
  }
  await running
  controller.abort()
  return events
}

describe('admin API', () => {
  it('refuses every call without the admin token, and the API key is not the admin token', async () => {
    for (const [method, route] of [
      ['GET', '/api/accounts'],
      ['POST', '/api/accounts'],
      ['GET', '/api/proxy'],
      ['GET', '/api/events'],
    ] as const) {
      const anonymous = await fetch(`${server.url}${route}`, { method })
      expect(anonymous.status, route).toBe(401)
      expect(await anonymous.json()).toMatchObject({ error: { code: 'unauthorized' } })
    }
    const withApiKey = await fetch(`${server.url}/api/accounts`, {
      headers: { authorization: `Bearer ${server.apiKey}` },
    })
    expect(withApiKey.status).toBe(401)
  })

  it('validates bodies and names the wrong field', async () => {
    const missing = await server.admin('POST', '/api/accounts', {})
    expect(missing.status).toBe(400)
    expect(missing.body.error).toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('refresh_token'),
    })
    const wrongType = await server.admin('POST', '/api/proxy', { enabled: 'yes' })
    expect(wrongType.body.error.message).toContain('enabled')
    const unknownAccount = await server.admin('POST', '/api/accounts/nope/proxy-disabled', {
      proxy_disabled: true,
    })
    expect(unknownAccount.status).toBe(404)
  })

  it('lists accounts without any token in the response', async () => {
    const users = ['ana', 'bob'].map((name) => ({
      email: `${name}@example.com`,
      ...fake.addUser({ email: `${name}@example.com` }),
    }))
    seedAccounts(
      temp.dir,
      users.map((user) => ({
        email: user.email,
        refreshToken: user.refreshToken,
        accessToken: 'ya29.secret-access',
      })),
    )
    // Written behind the running server's back: it notices the files by itself.
    await expect
      .poll(async () => (await server.admin('GET', '/api/accounts')).body.accounts.length)
      .toBe(2)
    await server.generate()
    const { body } = await server.admin('GET', '/api/accounts')
    expect(body.accounts).toHaveLength(2)
    expect(Object.keys(body.accounts[0]).sort()).toEqual(
      [
        'id',
        'email',
        'name',
        'disabled',
        'disabled_at',
        'disabled_reason',
        'proxy_disabled',
        'proxy_disabled_reason',
        'proxy_disabled_at',
        'project_id',
        'validation_blocked',
        'validation_blocked_reason',
        'validation_url',
        'validation_blocked_at',
        'outbound_proxy',
        'in_pool',
        'pool_status',
        'cooldown_until',
        'created_at',
        'last_used',
        'quota',
        'protected_models',
        'session_bindings',
        'subscription_tier',
        'activity',
      ].sort(),
    )
    const text = JSON.stringify(body)
    expect(text).not.toMatch(/ya29\.|1\/\//)
  })

  it('shows the quota an account file already holds (a folder from the reference app)', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    seedAccounts(temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken,
        extra: {
          quota: {
            models: [
              { name: 'gemini-3-flash', percentage: 78, reset_time: '2026-12-01T00:00:00Z' },
            ],
            last_updated: 1795846000,
            is_forbidden: false,
            subscription_tier: 'Google AI Pro',
          },
        },
      },
    ])
    await expect
      .poll(async () => (await server.admin('GET', '/api/accounts')).body.accounts.length)
      .toBe(1)
    const { body } = await server.admin('GET', '/api/accounts')
    expect(body.accounts[0].quota).toEqual({
      models: [{ name: 'gemini-3-flash', percentage: 78, reset_time: '2026-12-01T00:00:00Z' }],
      subscription_tier: 'Google AI Pro',
      last_updated: 1795846000,
      is_forbidden: false,
      forbidden_reason: null,
    })
  })

  it('removes an account and its file, and reloads the pool', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    const created = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    const id = created.body.account.id as string
    expect((await server.admin('GET', '/api/proxy')).body.pool_size).toBe(1)
    const removed = await server.admin('DELETE', `/api/accounts/${id}`)
    expect(removed.status).toBe(204)
    expect(existsSync(path.join(temp.dir, 'accounts', `${id}.json`))).toBe(false)
    expect((await server.admin('GET', '/api/proxy')).body.pool_size).toBe(0)
    expect((await server.admin('DELETE', `/api/accounts/${id}`)).status).toBe(404)
  })

  it('imports a list of refresh tokens and reports each failure', async () => {
    const ana = fake.addUser({ email: 'ana@example.com' })
    const bob = fake.addUser({ email: 'bob@example.com' })
    const { status, body } = await server.admin('POST', '/api/accounts/import', [
      { email: 'ana@example.com', refresh_token: ana.refreshToken },
      { email: 'bob@example.com', refresh_token: bob.refreshToken },
      { email: 'old@example.com', refresh_token: '1//0revoked' },
    ])
    expect(status).toBe(200)
    expect(body).toMatchObject({ total: 3, added: 2, updated: 0 })
    expect(body.failed).toEqual([
      { email: 'old@example.com', error: expect.stringContaining('invalid_grant') },
    ])
    expect(JSON.stringify(body)).not.toContain('1//')
    const bad = await server.admin('POST', '/api/accounts/import', { nope: true })
    expect(bad.status).toBe(400)
  })

  it('adds the accounts whose refresh tokens are pasted in any text, and says when there is none', async () => {
    const ana = fake.addUser({ email: 'ana@example.com' })
    const bob = fake.addUser({ email: 'bob@example.com' })
    const text = `ana -> ${ana.refreshToken}\nbob: "${bob.refreshToken}", ana again ${ana.refreshToken}`
    const { status, body } = await server.admin('POST', '/api/accounts/add-from-text', { text })
    expect(status).toBe(200)
    expect(body).toEqual({ total: 2, added: 2, updated: 0, failed: [] })
    const listed = await server.admin('GET', '/api/accounts')
    expect(listed.body.accounts.map((account: { email: string }) => account.email).sort()).toEqual([
      'ana@example.com',
      'bob@example.com',
    ])
    const none = await server.admin('POST', '/api/accounts/add-from-text', { text: 'hello' })
    expect(none.status).toBe(400)
    expect(none.body.error).toMatchObject({
      code: 'invalid_input',
      message: 'No refresh token found: they start with 1// (or paste an export file)',
    })
  })

  it('regenerates the API key: the old one stops working at once, the new one works', async () => {
    const { refreshToken } = fake.addUser({ email: 'bob@example.com' })
    await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    await server.admin('PATCH', '/api/settings', { auth_mode: 'strict' })
    const old = server.apiKey
    expect((await server.generate({ headers: { 'x-goog-api-key': old } })).status).toBe(200)
    const regenerated = await server.admin('POST', '/api/proxy/api-key/regenerate')
    expect(regenerated.status).toBe(200)
    expect(regenerated.body).toMatchObject({ auth_mode: 'strict', pool_size: 1 })
    expect(JSON.stringify(regenerated.body)).not.toMatch(/sk-/)
    const { api_key: fresh } = (await server.admin('GET', '/api/proxy/api-key')).body
    expect(fresh).not.toBe(old)
    expect((await server.generate({ headers: { 'x-goog-api-key': old } })).status).toBe(401)
    expect((await server.generate({ headers: { 'x-goog-api-key': fresh } })).status).toBe(200)
    expect(server.logger.lines.join('\n')).not.toContain(fresh)
  })

  it('announces a change of the auth mode to settings pages and to the proxy page', async () => {
    const events = await collectEvents(3, async () => {
      await server.admin('PATCH', '/api/settings', { auth_mode: 'strict' })
    })
    expect(events.map((event) => event.event)).toEqual([
      'ready',
      'settings-changed',
      'proxy-status-changed',
    ])
    expect(events[1]!.data).toMatchObject({ auth_mode: 'strict' })
    expect(events[2]!.data).toMatchObject({ auth_mode: 'strict' })
    expect((await server.generate()).status).toBe(401)
  })

  it('streams accounts-changed and proxy-status-changed events as they happen', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    const events = await collectEvents(4, async () => {
      await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
      await server.admin('POST', '/api/proxy', { enabled: false })
    })
    expect(events[0]).toMatchObject({
      event: 'ready',
      data: { accounts: { accounts: [] }, proxy: { enabled: true } },
    })
    const added = events.find((event) => event.event === 'accounts-changed')
    expect(added?.data).toMatchObject({
      reason: 'added',
      accounts: [{ email: 'ana@example.com', in_pool: true }],
    })
    const statuses = events
      .filter((event) => event.event === 'proxy-status-changed')
      .map((event) => event.data)
    expect(statuses.at(-1)).toMatchObject({ enabled: false, pool_size: 1 })
    expect(JSON.stringify(events)).not.toContain(refreshToken)
  })

  it('streams settings-changed when the settings change, wherever from', async () => {
    const events = await collectEvents(2, async () => {
      await server.admin('PATCH', '/api/settings', { theme: 'dark' })
    })
    expect(events.find((event) => event.event === 'settings-changed')?.data).toMatchObject({
      theme: 'dark',
    })
  })
})
