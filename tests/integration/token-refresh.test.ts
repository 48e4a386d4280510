import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import type { makeTempDir } from '../helpers/temp-dir'
import {
  closeFakeGoogleWorld,
  issuedAccessToken,
  openFakeGoogleWorld,
} from '../helpers/fake-google-world'
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

const now = () => Math.floor(Date.now() / 1000)

describe('token refresh', () => {
  it('uses a stored access token that is valid for more than five minutes, without calling Google', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const accessToken = await issuedAccessToken(fake, refreshToken)
    seedAccounts(temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken,
        accessToken,
        expiryTimestamp: now() + 600,
        projectId: 'proj-ana',
      },
    ])
    server = await startTestServer({ fake, dataDir: temp.dir })
    expect((await server.generate()).status).toBe(200)
    expect(fake.refreshCalls(refreshToken)).toBe(1) // only the one this test made
    expect(String(fake.callsTo('generateContent')[0]?.headers.authorization)).toBe(
      `Bearer ${accessToken}`,
    )
  })

  it('refreshes a token that expires within five minutes and writes it back to the file', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const accessToken = await issuedAccessToken(fake, refreshToken)
    const [id] = seedAccounts(temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken,
        accessToken,
        expiryTimestamp: now() + 240,
        projectId: 'proj-ana',
      },
    ])
    server = await startTestServer({ fake, dataDir: temp.dir })
    expect((await server.generate()).status).toBe(200)
    expect(fake.refreshCalls(refreshToken)).toBe(2)
    const token = readAccountFile(temp.dir, id!).token
    expect(token.access_token).not.toBe(accessToken)
    expect(token.access_token).toMatch(/^ya29\./)
    expect(token.refresh_token).toBe(refreshToken)
    expect(token.expires_in).toBeGreaterThan(3500)
    expect(Math.abs(token.expiry_timestamp - (now() + token.expires_in))).toBeLessThanOrEqual(2)
    expect(String(fake.callsTo('generateContent')[0]?.headers.authorization)).toBe(
      `Bearer ${token.access_token}`,
    )
    // The second request reuses the refreshed token.
    expect((await server.generate()).status).toBe(200)
    expect(fake.refreshCalls(refreshToken)).toBe(2)
  })

  it('lets a request in flight finish on the account it holds when the pool reloads without it', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const [id] = seedAccounts(temp.dir, [
      { email: 'ana@example.com', refreshToken, projectId: 'proj-ana' },
    ])
    server = await startTestServer({ fake, dataDir: temp.dir })
    const release = fake.holdStreams()
    const response = await server.generate({ stream: true })
    const reader = response.body!.getReader()
    await reader.read()
    const off = await server.admin('POST', `/api/accounts/${id}/proxy-disabled`, {
      proxy_disabled: true,
    })
    expect(off.body.in_pool).toBe(false)
    release()
    let rest = ''
    for (;;) {
      const { value, done } = await reader.read()
      if (done) break
      rest += new TextDecoder().decode(value)
    }
    expect(rest).toContain('"finishReason":"STOP"')
    expect((await server.generate()).status).toBe(503)
  })

  it('matches accounts by exact email: a different case is a different account', async () => {
    server = await startTestServer({ fake, dataDir: temp.dir })
    const lower = fake.addUser({ email: 'ana@example.com' })
    const upper = fake.addUser({ email: 'Ana@example.com' })
    const first = await server.admin('POST', '/api/accounts', { refresh_token: lower.refreshToken })
    const second = await server.admin('POST', '/api/accounts', {
      refresh_token: upper.refreshToken,
    })
    expect(first.status).toBe(201)
    expect(second.status).toBe(201)
    expect(second.body.account.id).not.toBe(first.body.account.id)
  })

  it('serialises concurrent adds of one email into one account', async () => {
    server = await startTestServer({ fake, dataDir: temp.dir })
    fake.addUser({ email: 'ana@example.com' })
    const tokens = Array.from({ length: 5 }, () => fake.mintRefreshToken('ana@example.com'))
    const results = await Promise.all(
      tokens.map((token) => server!.admin('POST', '/api/accounts', { refresh_token: token })),
    )
    expect(results.filter((result) => result.status === 201)).toHaveLength(1)
    expect(results.filter((result) => result.status === 200)).toHaveLength(4)
    expect((await server.admin('GET', '/api/accounts')).body.accounts).toHaveLength(1)
  })
})
