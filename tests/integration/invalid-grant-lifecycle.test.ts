import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { createMemoryLogger } from '../helpers/memory-logger'
import { inTurnRandom, seededRandom, writeSettings } from '../helpers/scheduling'
import type { makeTempDir } from '../helpers/temp-dir'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
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

/** Three accounts whose access tokens expired an hour ago; returns their refresh tokens and ids. */
function threeAccounts(projects: (string | null)[] = [null, null, null]) {
  const users = ['ana', 'bob', 'cid'].map((name) => {
    const email = `${name}@example.com`
    const { refreshToken } = fake.addUser({ email, projectId: `proj-${name}` })
    return { email, refreshToken }
  })
  const ids = seedAccounts(
    temp.dir,
    users.map((user, n) => ({
      email: user.email,
      refreshToken: user.refreshToken,
      projectId: projects[n] ?? null,
    })),
  )
  // The same prompt every time: without affinity (performance mode) and with the power of two
  // choices taking the accounts in turn, every account that may serve gets requests.
  // No quota fetch either: accounts whose quota is known would rank before the others.
  writeSettings(temp.dir, {
    scheduling: { mode: 'performance' },
    quota_refresh: { enabled: false },
  })
  return { users, ids }
}

/** Each server of these tests picks the tied accounts in turn. */
const inTurn = () => ({ random: inTurnRandom(3) })

async function servedBy(count: number, target = server!): Promise<string[]> {
  const ids: string[] = []
  for (let n = 0; n < count; n++) {
    const response = await target.generate()
    expect(response.status, await response.clone().text()).toBe(200)
    const body = (await response.json()) as {
      candidates: { content: { parts: { text: string }[] } }[]
    }
    expect(body.candidates[0]?.content.parts[0]?.text).toMatch(/^Hello from gemini-2.5-flash as /)
    ids.push(response.headers.get('x-agtray-account-id') ?? '')
  }
  return ids
}

describe('invalid_grant lifecycle', () => {
  it('disables a revoked account on its first refresh, serves every request with the others, and keeps it out after a restart', async () => {
    // Projects known: no project discovery, which would record one account's tier and rank it first.
    const { users, ids } = threeAccounts(['proj-ana', 'proj-bob', 'proj-cid'])
    const [ana, bob, cid] = ids as [string, string, string]
    fake.revokeRefreshToken(users[1]!.refreshToken)
    const logger = createMemoryLogger()
    server = await startTestServer({ fake, dataDir: temp.dir, logger, core: inTurn() })

    const served = await servedBy(20)
    expect(new Set(served)).toEqual(new Set([ana, cid]))

    const file = readAccountFile(temp.dir, bob)
    expect(file.disabled).toBe(true)
    expect(file.disabled_reason).toBe('invalid_grant: Token has been expired or revoked.')
    expect(file.disabled_at).toBeGreaterThan(Date.now() / 1000 - 60)
    expect(file.disabled_at).toBeLessThanOrEqual(Date.now() / 1000)
    expect(file.proxy_disabled).toBe(false)
    expect(fake.refreshCalls(users[1]!.refreshToken)).toBe(1)

    expect(logger.messages()).toContain(
      'Token refresh failed (bob@example.com): invalid_grant (Token has been expired or revoked.), trying next account',
    )
    expect(logger.messages()).toContain(
      'Disabling account due to invalid_grant (bob@example.com): refresh_token likely revoked/expired',
    )

    // The index mirrors the file (the reference left it stale).
    const index = JSON.parse(readFileSync(path.join(temp.dir, 'accounts.json'), 'utf8'))
    expect(index.accounts.find((entry: { id: string }) => entry.id === bob).disabled).toBe(true)

    await server.stop()
    const afterRestart = createMemoryLogger()
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      logger: afterRestart,
      core: inTurn(),
    })
    expect(new Set(await servedBy(10))).toEqual(new Set([ana, cid]))
    expect(fake.refreshCalls(users[1]!.refreshToken)).toBe(1)
    expect(afterRestart.messages()).toContain(
      'Skipping disabled account bob@example.com: invalid_grant: Token has been expired or revoked.',
    )
    const { body } = await server.admin('GET', '/api/accounts')
    expect(body.accounts.find((account: { id: string }) => account.id === bob)).toMatchObject({
      disabled: true,
      disabled_reason: 'invalid_grant: Token has been expired or revoked.',
      in_pool: false,
      pool_status: 'disabled',
    })
  })

  it('brings a disabled account back when it is re-added with a new refresh token, with no restart', async () => {
    const { users, ids } = threeAccounts()
    const bob = ids[1]!
    fake.revokeRefreshToken(users[1]!.refreshToken)
    server = await startTestServer({ fake, dataDir: temp.dir, core: inTurn() })
    await servedBy(3)
    expect(readAccountFile(temp.dir, bob).disabled).toBe(true)

    const newToken = fake.mintRefreshToken('bob@example.com')
    const { status, body } = await server.admin('POST', '/api/accounts', {
      refresh_token: newToken,
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      created: false,
      reenabled: true,
      account: { id: bob, disabled: false, in_pool: true },
    })

    const file = readAccountFile(temp.dir, bob)
    expect(file.disabled).toBe(false)
    expect(file).not.toHaveProperty('disabled_reason')
    expect(file).not.toHaveProperty('disabled_at')
    expect(file.token.refresh_token).toBe(newToken)

    // Taken in turn, the next three requests include one served by bob.
    expect(await servedBy(3)).toContain(bob)
  })

  it('leaves the account disabled, and its file untouched, when it is re-added with the same revoked token', async () => {
    const { users, ids } = threeAccounts()
    const bob = ids[1]!
    fake.revokeRefreshToken(users[1]!.refreshToken)
    server = await startTestServer({ fake, dataDir: temp.dir, core: inTurn() })
    await servedBy(3)
    const before = readFileSync(path.join(temp.dir, 'accounts', `${bob}.json`))

    const { status, body } = await server.admin('POST', '/api/accounts', {
      refresh_token: users[1]!.refreshToken,
    })
    expect(status).toBe(400)
    expect(body.error.code).toBe('google_refused')
    expect(body.error.message).toContain('invalid_grant')
    expect(readFileSync(path.join(temp.dir, 'accounts', `${bob}.json`)).equals(before)).toBe(true)
    expect(await servedBy(6)).not.toContain(bob)
  })

  it('skips a proxy-disabled account but reports it as proxy-disabled, not disabled', async () => {
    const { ids } = threeAccounts(['proj-ana', 'proj-bob', 'proj-cid'])
    server = await startTestServer({ fake, dataDir: temp.dir, core: inTurn() })
    const { status, body } = await server.admin('POST', `/api/accounts/${ids[0]}/proxy-disabled`, {
      proxy_disabled: true,
      reason: 'kept for the IDE',
    })
    expect(status).toBe(200)
    expect(body).toMatchObject({
      proxy_disabled: true,
      proxy_disabled_reason: 'kept for the IDE',
      disabled: false,
      in_pool: false,
      pool_status: 'proxy-disabled',
    })
    expect(await servedBy(6)).not.toContain(ids[0])
    const file = readAccountFile(temp.dir, ids[0]!)
    expect(file).toMatchObject({
      disabled: false,
      proxy_disabled: true,
      proxy_disabled_reason: 'kept for the IDE',
    })
    expect(typeof file.proxy_disabled_at).toBe('number')

    const enabled = await server.admin('POST', `/api/accounts/${ids[0]}/proxy-disabled`, {
      proxy_disabled: false,
    })
    expect(enabled.body).toMatchObject({
      proxy_disabled: false,
      in_pool: true,
      proxy_disabled_reason: null,
    })
    expect(await servedBy(3)).toContain(ids[0])
  })

  it('refreshes a revoked account once for 50 concurrent requests', async () => {
    const { users } = threeAccounts()
    fake.revokeRefreshToken(users[1]!.refreshToken)
    fake.setRefreshDelay(150)
    server = await startTestServer({ fake, dataDir: temp.dir, core: inTurn() })
    const responses = await Promise.all(Array.from({ length: 50 }, () => server!.generate()))
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200))
    expect(fake.refreshCalls(users[1]!.refreshToken)).toBe(1)
    expect(fake.refreshCalls(users[0]!.refreshToken)).toBe(1)
    expect(fake.refreshCalls(users[2]!.refreshToken)).toBe(1)
  })

  it('refreshes once for 50 concurrent requests when the refresh fails for a transient reason, and never disables', async () => {
    const { users, ids } = threeAccounts()
    fake.failRefresh({ refreshToken: users[1]!.refreshToken, times: 100, status: 503 })
    fake.setRefreshDelay(150)
    server = await startTestServer({ fake, dataDir: temp.dir, core: inTurn() })
    const responses = await Promise.all(Array.from({ length: 50 }, () => server!.generate()))
    expect(responses.map((response) => response.status)).toEqual(Array(50).fill(200))
    expect(fake.refreshCalls(users[1]!.refreshToken)).toBe(1)
    const file = readAccountFile(temp.dir, ids[1]!)
    expect(file.disabled).toBe(false)
    const { body } = await server.admin('GET', '/api/accounts')
    expect(body.accounts.find((account: { id: string }) => account.id === ids[1])).toMatchObject({
      disabled: false,
      pool_status: 'cooldown',
      cooldown_until: expect.any(Number),
    })
  })

  it('answers 503 with the reason, at once and without calling Google, when every account is disabled', async () => {
    const { users } = threeAccounts()
    for (const user of users) fake.revokeRefreshToken(user.refreshToken)
    server = await startTestServer({ fake, dataDir: temp.dir, core: inTurn() })
    const first = await server.generate()
    expect(first.status).toBe(503)
    expect(((await first.json()) as any).error.message).toContain('3 disabled (invalid_grant)')

    const callsBefore = fake.calls.length
    const started = performance.now()
    const second = await server.generate()
    const elapsed = performance.now() - started
    expect(second.status).toBe(503)
    expect(await second.json()).toEqual({
      error: {
        code: 503,
        status: 'UNAVAILABLE',
        message: 'agtray: no enabled accounts: 3 disabled (invalid_grant)',
      },
    })
    expect(fake.calls.length).toBe(callsBefore)
    expect(elapsed).toBeLessThan(1000)
  })

  it('adds an account by refresh token with its email, name and project, and refuses a token Google refuses', async () => {
    server = await startTestServer({ fake, dataDir: temp.dir, core: inTurn() })
    const { refreshToken } = fake.addUser({
      email: 'dee@example.com',
      name: 'Dee Dee',
      projectId: 'proj-dee',
    })
    const created = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({
      created: true,
      reenabled: false,
      account: { email: 'dee@example.com', name: 'Dee Dee', project_id: 'proj-dee', in_pool: true },
    })
    const file = readAccountFile(temp.dir, created.body.account.id)
    expect(file.token).toMatchObject({
      refresh_token: refreshToken,
      project_id: 'proj-dee',
      token_type: 'Bearer',
    })

    const again = await server.admin('POST', '/api/accounts', {
      refresh_token: fake.mintRefreshToken('dee@example.com'),
    })
    expect(again.status).toBe(200)
    expect(again.body.account.id).toBe(created.body.account.id)

    const refused = await server.admin('POST', '/api/accounts', {
      refresh_token: '1//0not-a-real-token',
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatchObject({
      code: 'google_refused',
      message: expect.stringContaining('invalid_grant'),
    })
    expect((await server.admin('GET', '/api/accounts')).body.accounts).toHaveLength(1)
  })
})

describe('pool loading and selection', () => {
  it('spreads requests over the tied accounts in performance mode (power of two choices)', async () => {
    const { ids } = threeAccounts(['proj-ana', 'proj-bob', 'proj-cid'])
    server = await startTestServer({ fake, dataDir: temp.dir, core: { random: seededRandom(7) } })
    expect(new Set(await servedBy(12))).toEqual(new Set(ids))
  })

  it('logs each skipped account with its reason, and repairs the index from the files', async () => {
    const { ids } = threeAccounts(['proj-ana', 'proj-bob', 'proj-cid'])
    const [ana, bob, cid] = ids as [string, string, string]
    const edit = (id: string, change: Record<string, unknown>) => {
      const file = path.join(temp.dir, 'accounts', `${id}.json`)
      writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), ...change }))
    }
    edit(ana, { disabled: true, disabled_reason: 'invalid_grant: revoked earlier', disabled_at: 1 })
    edit(bob, { proxy_disabled: true, proxy_disabled_reason: 'kept for the IDE' })
    // The index forgets cid and lists a file that no longer exists.
    writeFileSync(
      path.join(temp.dir, 'accounts.json'),
      JSON.stringify({
        version: '2.0',
        accounts: [{ id: ana }, { id: bob }, { id: 'gone' }],
        current_account_id: ana,
      }),
    )
    const logger = createMemoryLogger()
    server = await startTestServer({ fake, dataDir: temp.dir, logger })
    const messages = logger.messages()
    expect(messages).toContain(
      'Skipping disabled account ana@example.com: invalid_grant: revoked earlier',
    )
    expect(messages).toContain('Skipping proxy-disabled account bob@example.com: kept for the IDE')
    expect(
      messages.some(
        (message) => message.startsWith('Index entry gone') && message.endsWith('dropped'),
      ),
    ).toBe(true)
    expect(
      messages.some((message) =>
        message.includes(`${cid}.json (cid@example.com) was missing from the index: added`),
      ),
    ).toBe(true)
    expect(await servedBy(2)).toEqual([cid, cid])
  })
})
