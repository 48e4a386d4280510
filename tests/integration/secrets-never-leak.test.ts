import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { seedAccounts } from '../helpers/account-files'
import { createMemoryLogger } from '../helpers/memory-logger'
import type { makeTempDir } from '../helpers/temp-dir'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { startTestServer } from '../helpers/test-server'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
})
afterEach(() => closeFakeGoogleWorld({ fake, temp }))

describe('secrets', () => {
  it('never appear in a log line or an error body, whatever goes wrong', async () => {
    const users = ['ana', 'bob', 'cid', 'dee'].map((name) => ({
      email: `${name}@example.com`,
      ...fake.addUser({ email: `${name}@example.com` }),
    }))
    seedAccounts(
      temp.dir,
      users.map((user) => ({
        email: user.email,
        refreshToken: user.refreshToken,
        accessToken: `ya29.seeded-${user.email}`,
      })),
    )
    fake.revokeRefreshToken(users[1]!.refreshToken)
    fake.failRefresh({ refreshToken: users[2]!.refreshToken, times: 5, status: 500 })
    const logger = createMemoryLogger()
    const server = await startTestServer({
      fake,
      dataDir: temp.dir,
      logger,
      core: { overrides: { host: '0.0.0.0' } },
    })
    const bodies: string[] = []
    const keep = async (response: Response) => bodies.push(await response.text())
    try {
      const auth = { 'x-goog-api-key': server.apiKey }
      for (let n = 0; n < 6; n++) await keep(await server.generate({ headers: auth }))
      await keep(
        await server.generate({
          headers: { authorization: 'Bearer sk-0123456789abcdef0123456789abcdef' },
        }),
      )
      await keep(await server.generate({ headers: { 'x-api-key': `${server.apiKey}x` } }))
      fake.setGenerateHandler(() => ({
        kind: 'error',
        status: 401,
        body: { error: { code: 401, message: 'bad token', status: 'UNAUTHENTICATED' } },
      }))
      await keep(await server.generate({ headers: auth }))
      fake.setGenerateHandler(null)
      fake.expireAccessTokens()
      await keep(await server.generate({ headers: auth }))
      for (const token of [users[1]!.refreshToken, '1//0unknown-token', '']) {
        bodies.push(
          JSON.stringify(
            (await server.admin('POST', '/api/accounts', { refresh_token: token })).body,
          ),
        )
      }
      bodies.push(JSON.stringify((await server.admin('GET', '/api/accounts')).body))
      bodies.push(
        JSON.stringify(
          (
            await server.admin('POST', '/api/accounts/import', [
              { refresh_token: users[0]!.refreshToken },
            ])
          ).body,
        ),
      )
    } finally {
      await server.stop()
    }

    const accessTokens = fake.calls
      .map((call) => String(call.headers.authorization ?? '').replace(/^Bearer /, ''))
      .filter((token) => token.startsWith('ya29.'))
    const secrets = [
      ...users.map((user) => user.refreshToken),
      ...users.map((user) => `ya29.seeded-${user.email}`),
      ...accessTokens,
      server.apiKey,
      server.adminToken,
    ]
    expect(accessTokens.length).toBeGreaterThan(0)
    const logFile = readFileSync(path.join(temp.dir, 'settings.json'), 'utf8')
    expect(logFile).toContain(server.apiKey) // the key is stored where the README says…
    const everything = [...logger.lines, ...bodies]
    expect(everything.length).toBeGreaterThan(20)
    for (const secret of secrets) {
      // …and nowhere else.
      for (const text of everything)
        expect(text.includes(secret), `${secret.slice(0, 8)}… in ${text.slice(0, 120)}`).toBe(false)
    }
    for (const text of everything) expect(text).not.toMatch(/ya29\.[\w-]{4,}|1\/\/0[\w-]{4,}/)
  })
})
