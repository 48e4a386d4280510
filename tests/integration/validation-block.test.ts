import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts, writeAccountFile } from '../helpers/account-files'
import { runCliInProcess as runCli } from '../helpers/cli-in-process'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { manualTime } from '../helpers/manual-time'
import type { makeTempDir } from '../helpers/temp-dir'
import type { TestServer } from '../helpers/test-server'
import { inTurnRandom, writeSettings } from '../helpers/scheduling'
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

const ANA = 'ana@example.com'
const BOB = 'bob@example.com'
/** The link of tests/fixtures/error-403-validation-required.json, as Google sent it. */
const VERIFY_URL =
  'https://accounts.google.com/signin/continue?sarp=1&scc=1&continue=https://developers.google.com/gemini-code-assist/auth/auth_success_gemini&plt=REDACTED&flowName=GlifWebSignIn&authuser'

const generateCallsOf = (email: string) =>
  [...fake.callsTo('generateContent'), ...fake.callsTo('streamGenerateContent')].filter(
    (call) => call.email === email,
  )

const dtoOf = async (email: string): Promise<any> =>
  (await server!.admin('GET', '/api/accounts')).body.accounts.find(
    (account: any) => account.email === email,
  )

async function serveAnaAndBob(time: ReturnType<typeof manualTime>) {
  const ids = seedAccounts(
    temp.dir,
    [ANA, BOB].map((email) => ({
      email,
      refreshToken: fake.addUser({ email, projectId: `proj-${email.slice(0, 3)}` }).refreshToken,
    })),
  )
  // Ana and Bob take turns (no affinity, the tied accounts in turn), so Ana is asked first and
  // gets requests again once she may serve.
  writeSettings(temp.dir, { scheduling: { mode: 'performance' } })
  server = await startTestServer({
    fake,
    dataDir: temp.dir,
    core: { clock: time.clock, timers: time.timers, random: inTurnRandom(2) },
  })
  return { anaId: ids[0]!, bobId: ids[1]! }
}

describe('an account Google asks to verify', () => {
  it('is blocked in its file, shown with the link in the API and the CLI, skipped, and cleared once it serves again', async () => {
    const time = manualTime()
    const { anaId, bobId } = await serveAnaAndBob(time)
    fake.requireValidation(ANA)

    // Ana's 403 is about Ana: Bob serves the request.
    const first = await server!.generate()
    expect(first.status).toBe(200)
    expect(first.headers.get('x-agtray-account-id')).toBe(bobId)
    expect(generateCallsOf(ANA)).toHaveLength(1)

    // The block is in Ana's file: reason, link, since when.
    await vi.waitFor(() => expect(readAccountFile(temp.dir, anaId).validation_blocked).toBe(true))
    const file = readAccountFile(temp.dir, anaId)
    expect(file).toMatchObject({
      validation_blocked_reason: 'Verify your account to continue.',
      validation_url: VERIFY_URL,
      validation_blocked_at: Math.floor(time.clock.now() / 1000),
    })

    // GET /api/accounts shows it with the link.
    await vi.waitFor(async () => expect((await dtoOf(ANA)).validation_blocked).toBe(true))
    expect(await dtoOf(ANA)).toMatchObject({
      validation_blocked: true,
      validation_blocked_reason: 'Verify your account to continue.',
      validation_url: VERIFY_URL,
      in_pool: false,
    })
    expect((await dtoOf(BOB)).validation_blocked).toBe(false)

    // `agtray accounts list` (through the running server) prints it with the link.
    const listed = await runCli(['accounts', 'list'], {
      AGTRAY_DATA_DIR: temp.dir,
      AGTRAY_GOOGLE_BASE_URL: fake.url,
    })
    expect(listed.code, listed.stderr).toBe(0)
    const anaLine = listed.stdout.split('\n').find((line) => line.includes(ANA))
    expect(anaLine).toContain('VERIFY')
    expect(anaLine).toContain('Verify your account to continue.')
    expect(anaLine).toContain(VERIFY_URL)

    // Ana is out: the next requests go to Bob without asking Google about Ana.
    for (let i = 0; i < 2; i++) expect((await server!.generate()).status).toBe(200)
    expect(generateCallsOf(ANA)).toHaveLength(1)

    // The user verified; once Ana's rest is over she serves again, and the block is gone.
    fake.requireValidation(ANA, false)
    time.advance(10 * 60_000 + 1000)
    for (let i = 0; i < 2; i++) expect((await server!.generate()).status).toBe(200)
    expect(generateCallsOf(ANA)).toHaveLength(2)
    // The pool takes in its own write right after the file: both say so.
    await vi.waitFor(async () =>
      expect(await dtoOf(ANA)).toMatchObject({
        validation_blocked: false,
        validation_url: null,
        in_pool: true,
      }),
    )
    expect(readAccountFile(temp.dir, anaId).validation_blocked).toBe(false)
    expect(readAccountFile(temp.dir, anaId)).not.toHaveProperty('validation_url')
  })

  it('alone: the client hears Google’s 403, then a 429 with Retry-After until it is tried again', async () => {
    const time = manualTime()
    const email = 'solo@example.com'
    seedAccounts(temp.dir, [{ email, refreshToken: fake.addUser({ email }).refreshToken }])
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      core: { clock: time.clock, timers: time.timers },
    })
    fake.requireValidation(email)
    const refused = await server.generate()
    expect(refused.status).toBe(403)
    expect(((await refused.json()) as any).error.message).toContain(
      'Verify your account to continue.',
    )
    // Resting ten minutes: an account that comes back by itself is a 429, not a 503.
    const resting = await server.generate()
    expect(resting.status).toBe(429)
    expect(resting.headers.get('retry-after')).toBe('600')
    expect(generateCallsOf(email)).toHaveLength(1)
  })

  it('serves again at once when its file says the block is over (a quota fetch cleared it)', async () => {
    const time = manualTime()
    const { anaId } = await serveAnaAndBob(time)
    fake.requireValidation(ANA)
    expect((await server!.generate()).status).toBe(200)
    await vi.waitFor(async () => expect((await dtoOf(ANA)).validation_blocked).toBe(true))
    fake.requireValidation(ANA, false)
    // What AccountManager.clearValidationBlock writes, here by hand: the watcher brings it in.
    const { validation_url: _url, ...cleared } = readAccountFile(temp.dir, anaId)
    writeAccountFile(temp.dir, anaId, { ...cleared, validation_blocked: false })
    await vi.waitFor(async () =>
      expect(await dtoOf(ANA)).toMatchObject({ validation_blocked: false, in_pool: true }),
    )
    fake.resetCalls()
    for (let i = 0; i < 2; i++) expect((await server!.generate()).status).toBe(200)
    expect(generateCallsOf(ANA)).toHaveLength(1)
  })

  it('stays out after a restart while its block lasts', async () => {
    const time = manualTime()
    const { anaId } = await serveAnaAndBob(time)
    fake.requireValidation(ANA)
    expect((await server!.generate()).status).toBe(200)
    await vi.waitFor(() => expect(readAccountFile(temp.dir, anaId).validation_blocked).toBe(true))
    await server!.stop()
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      core: { clock: time.clock, timers: time.timers },
    })
    fake.resetCalls()
    for (let i = 0; i < 2; i++) expect((await server.generate()).status).toBe(200)
    expect(generateCallsOf(ANA)).toHaveLength(0)
    const { body } = await server.admin('GET', '/api/accounts')
    expect(body.accounts.find((account: any) => account.email === ANA).validation_url).toBe(
      VERIFY_URL,
    )
  })
})
