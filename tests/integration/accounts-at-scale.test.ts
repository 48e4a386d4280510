import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { createCountingStore } from '../helpers/counting-reader'
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

const SIZE = 2000
const BOB = 1500
/** Longer than the watcher's debounce plus the work it triggers. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 600))

/**
 * 2,000 accounts: the first (ana) has an expired token, so the first request refreshes it and
 * writes it back; bob sits deep in the list; the others are never asked for.
 */
function seedMany() {
  const ana = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
  const bob = fake.addUser({ email: 'bob@example.com', projectId: 'proj-bob' })
  const valid = Math.floor(Date.now() / 1000) + 86_400
  const ids = seedAccounts(
    temp.dir,
    Array.from({ length: SIZE }, (_, n) => {
      if (n === 0)
        return { email: 'ana@example.com', refreshToken: ana.refreshToken, projectId: 'proj-ana' }
      const email = n === BOB ? 'bob@example.com' : `user${n}@example.com`
      return {
        email,
        refreshToken: n === BOB ? bob.refreshToken : `1//0seed-${n}`,
        accessToken: `ya29.valid-${n}`,
        expiryTimestamp: valid,
        projectId: `proj-${n}`,
      }
    }),
  )
  return { ids, anaToken: ana.refreshToken }
}

describe('accounts at scale', () => {
  it('updates one of 2,000 accounts by reading a handful of files, found through the index', async () => {
    const { ids } = seedMany()
    const counting = createCountingStore(temp.dir)
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      core: { accountStore: counting.store },
    })
    // The start reads every file once; the count would show an upsert doing the same.
    expect(counting.counts.accountFiles).toBeGreaterThanOrEqual(SIZE)
    await settle()
    counting.reset()
    const result = await server.admin('POST', '/api/accounts', {
      refresh_token: fake.mintRefreshToken('bob@example.com'),
    })
    expect(result.status).toBe(200)
    expect(result.body).toMatchObject({
      created: false,
      account: { id: ids[BOB], email: 'bob@example.com' },
    })
    expect(counting.counts.accountFiles).toBeLessThanOrEqual(3)
    const listed = (await server.admin('GET', '/api/accounts')).body.accounts
    expect(listed).toHaveLength(SIZE)
    expect(
      listed.filter((account: { email: string }) => account.email === 'bob@example.com'),
    ).toHaveLength(1)
  })

  it('takes in its own writes without reading the folder again: a token write-back, an upsert', async () => {
    const { ids, anaToken } = seedMany()
    const counting = createCountingStore(temp.dir)
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      // The first of the ranked accounts serves (power of two choices made predictable).
      core: { accountStore: counting.store, random: () => 0 },
    })
    await settle()
    counting.reset()
    const response = await server.generate()
    expect(response.status).toBe(200)
    expect(response.headers.get('x-agtray-account-id')).toBe(ids[0])
    expect(fake.refreshCalls(anaToken)).toBe(1)
    expect(readAccountFile(temp.dir, ids[0]!).token.access_token).not.toContain('stale')
    await settle()
    expect(counting.counts.listings).toBe(0)
    expect(counting.counts.accountFiles).toBeLessThanOrEqual(2)

    counting.reset()
    const upsert = await server.admin('POST', '/api/accounts', {
      refresh_token: fake.mintRefreshToken('bob@example.com'),
    })
    expect(upsert.status).toBe(200)
    await settle()
    // One listing finds files the index does not list yet; a rescan would read all 2,000.
    expect(counting.counts.listings).toBeLessThanOrEqual(1)
    expect(counting.counts.accountFiles).toBeLessThanOrEqual(4)
  })

  it('sees a hand edit made right after its own write to the same file, even of the same size', async () => {
    const ana = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const [id] = seedAccounts(temp.dir, [
      { email: 'ana@example.com', refreshToken: ana.refreshToken, projectId: 'proj-ana' },
    ])
    server = await startTestServer({ fake, dataDir: temp.dir })
    const off = await server.admin('POST', `/api/accounts/${id}/proxy-disabled`, {
      proxy_disabled: true,
      reason: 'paused by agtray',
    })
    expect(off.body.proxy_disabled_reason).toBe('paused by agtray')
    const file = path.join(temp.dir, 'accounts', `${id}.json`)
    const written = readFileSync(file, 'utf8')
    // Same length, same inode, most likely the same mtime tick: only the content tells.
    writeFileSync(file, written.replace('paused by agtray', 'paused by a hand'))
    await expect
      .poll(
        async () =>
          (await server!.admin('GET', '/api/accounts')).body.accounts[0].proxy_disabled_reason,
        { timeout: 2000, interval: 50 },
      )
      .toBe('paused by a hand')
  })
})

describe('the account list between changes', () => {
  it('shows a resting account back in the pool once its rest ends, with nothing else changing', async () => {
    const users = ['ana', 'bob'].map((name) => ({
      email: `${name}@example.com`,
      ...fake.addUser({ email: `${name}@example.com`, projectId: `proj-${name}` }),
    }))
    const ids = seedAccounts(
      temp.dir,
      users.map((user) => ({
        email: user.email,
        refreshToken: user.refreshToken,
        projectId: null,
      })),
    )
    let now = Date.now()
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      core: { clock: { now: () => now }, random: () => 0 },
    })
    const forbidden = JSON.parse(
      readFileSync(path.join(__dirname, '../fixtures/error-403-validation-required.json'), 'utf8'),
    )
    fake.setGenerateHandler(({ user }) =>
      user.email === 'ana@example.com'
        ? { kind: 'error', status: 403, body: forbidden }
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
    expect((await server.generate()).headers.get('x-agtray-account-id')).toBe(ids[1])
    const standing = async () =>
      (await server!.admin('GET', '/api/accounts')).body.accounts.map(
        (account: { pool_status: string; cooldown_until: number | null }) => [
          account.pool_status,
          account.cooldown_until,
        ],
      )
    expect(await standing()).toEqual([
      ['cooldown', now + 10 * 60_000],
      ['in-pool', null],
    ])
    expect((await server.admin('GET', '/api/proxy')).body.counts).toMatchObject({
      in_pool: 1,
      cooldown: 1,
    })
    now += 10 * 60_000 - 1
    expect((await standing())[0]).toEqual(['cooldown', now + 1])
    now += 1
    expect(await standing()).toEqual([
      ['in-pool', null],
      ['in-pool', null],
    ])
    expect((await server.admin('GET', '/api/proxy')).body).toMatchObject({
      pool_size: 2,
      counts: { in_pool: 2, cooldown: 0 },
    })
  })
})
