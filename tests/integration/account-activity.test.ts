import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountDto } from '../../src/shared/account-dto'
import type { FakeGoogle } from '../fakes/google'
import { seedAccounts } from '../helpers/account-files'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { writeSettings } from '../helpers/scheduling'
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

const quotaExhausted = JSON.parse(
  readFileSync(path.join(__dirname, '../fixtures/error-429-quota-exhausted.json'), 'utf8'),
)

const answer = {
  candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' }],
}

describe('the numbers behind each account', () => {
  it('shows requests, errors, last use and the models an account rests for, since start', async () => {
    const [ana, bob] = seedAccounts(
      temp.dir,
      ['ana', 'bob'].map((name) => {
        const email = `${name}@example.com`
        const { refreshToken } = fake.addUser({ email, projectId: `proj-${name}` })
        return { email, refreshToken, projectId: `proj-${name}` }
      }),
    ) as [string, string]
    // Ana first while she can serve, so which account answers is no matter of chance.
    writeSettings(temp.dir, { scheduling: { mode: 'fixed', fixed_account_id: ana } })
    server = await startTestServer({ fake, dataDir: temp.dir })
    const listed = async (): Promise<Record<string, AccountDto>> => {
      const { body } = await server!.admin('GET', '/api/accounts')
      return Object.fromEntries((body.accounts as AccountDto[]).map((dto) => [dto.id, dto]))
    }
    expect((await listed())[ana]!.activity).toEqual({
      requests: 0,
      errors: 0,
      last_used_at: null,
      resting_models: [],
    })

    const before = Math.floor(Date.now() / 1000)
    for (let n = 0; n < 2; n++) expect((await server.generate()).status).toBe(200)
    // Google says Ana's flash quota is spent: she rests for that model, Bob serves.
    fake.setGenerateHandler(({ user }) =>
      user.email === 'ana@example.com'
        ? { kind: 'error', status: 429, body: quotaExhausted }
        : { kind: 'chunks', chunks: [answer] },
    )
    expect((await server.generate()).status).toBe(200)

    const accounts = await listed()
    expect(accounts[ana]!.activity).toMatchObject({ requests: 3, errors: 1 })
    expect(accounts[ana]!.activity.last_used_at).toBeGreaterThanOrEqual(before)
    expect(accounts[ana]!.activity.resting_models).toEqual([
      { model: 'gemini-2.5-flash', until: expect.any(Number) },
    ])
    expect(accounts[ana]!.activity.resting_models[0]!.until).toBeGreaterThan(before)
    expect(accounts[bob]!.activity).toMatchObject({ requests: 1, errors: 0, resting_models: [] })
    // A restart begins again at zero: these are numbers of this run.
    expect(JSON.stringify(accounts)).not.toMatch(/ya29\.|1\/\//)
  })
})
