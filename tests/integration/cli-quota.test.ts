import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { startFakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { runCliInProcess as runCli } from '../helpers/cli-in-process'
import { makeTempDir } from '../helpers/temp-dir'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'
import { cliEnvFor } from '../helpers/cli'

/** `agtray accounts quota [--refresh] [id]`, run in-process, on the files and through a server. */
let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let env: Record<string, string>
let server: TestServer | null = null

beforeEach(async () => {
  fake = await startFakeGoogle()
  temp = makeTempDir()
  env = cliEnvFor(fake, temp.dir)
})
afterEach(async () => {
  await server?.stop()
  server = null
  await fake.close()
  temp.cleanup()
})

function seedAnaAndBob(): [string, string] {
  const users = ['ana', 'bob'].map((name) => {
    const email = `${name}@example.com`
    return { email, ...fake.addUser({ email, projectId: `proj-${name}` }) }
  })
  // Every Claude model shares one quota: the family shows its best model.
  for (const model of ['claude-sonnet-4-6-thinking', 'claude-sonnet-4-6'])
    fake.setQuota('ana@example.com', model, {
      remainingFraction: model === 'claude-sonnet-4-6' ? 0.37 : 0.2,
      resetTime: '2026-12-01T15:23:41Z',
    })
  return seedAccounts(
    temp.dir,
    users.map((user) => ({ email: user.email, refreshToken: user.refreshToken })),
  ) as [string, string]
}

describe('agtray accounts quota', () => {
  it('prints what was fetched per family, and fetches it with --refresh (on the files)', async () => {
    const [ana] = seedAnaAndBob()
    const before = await runCli(['accounts', 'quota'], env)
    expect(before.code, before.stderr).toBe(0)
    expect(before.stdout).toMatch(/ana@example\.com\s+-\s+not fetched yet/)
    expect(fake.callsTo('fetchAvailableModels')).toHaveLength(0)

    // A ban (a verification request is not one: see quota-refresh.test.ts).
    fake.forbidQuotaCheck('bob@example.com', 'This account is not eligible for Gemini Code Assist.')
    const refreshed = await runCli(['accounts', 'quota', '--refresh'], env)
    expect(refreshed.code, refreshed.stderr).toBe(0)
    expect(refreshed.stdout).toMatch(/^EMAIL\s+TIER\s+FAMILY\s+LEFT\s+RESETS$/m)
    expect(refreshed.stdout).toMatch(
      /^ana@example\.com\s+-\s+Claude\s+37%\s+2026-12-01 15:23 UTC$/m,
    )
    expect(refreshed.stdout).toMatch(/^\s+GPT-OSS\s+100%\s+2026-02-20 05:00 UTC$/m)
    expect(refreshed.stdout).toMatch(
      /^bob@example\.com\s+-\s+FORBIDDEN \(403\)\s+This account is not eligible for Gemini Code Assist\.$/m,
    )
    expect(refreshed.stdout).toMatch(/^bob@example\.com: forbidden: This account is not eligible/m)
    expect(readAccountFile(temp.dir, ana).quota.models).toContainEqual({
      name: 'claude-sonnet-4-6',
      percentage: 37,
      reset_time: '2026-12-01T15:23:41Z',
    })

    const json = await runCli(['accounts', 'quota', ana, '--json'], env)
    expect(JSON.parse(json.stdout)).toEqual([expect.objectContaining({ id: ana })])
  })

  it('shows an account Google asks to verify as VERIFY, with the link', async () => {
    const [, bob] = seedAnaAndBob()
    fake.requireValidation('bob@example.com')
    const checked = await runCli(['accounts', 'quota', '--refresh', bob], env)
    expect(checked.code, checked.stderr).toBe(0)
    expect(checked.stdout).toMatch(
      /^bob@example\.com\s+-\s+VERIFY\s+Verify your account to continue\. https:\/\/accounts\.google\.com\/\S+$/m,
    )
  })

  it('refreshes one account through the running server', async () => {
    const [ana] = seedAnaAndBob()
    server = await startTestServer({ fake, dataDir: temp.dir })
    for (const model of ['claude-sonnet-4-6-thinking', 'claude-sonnet-4-6'])
      fake.setQuota('ana@example.com', model, { remainingFraction: 0.05 })
    const one = await runCli(['accounts', 'quota', '--refresh', ana], env)
    expect(one.code, one.stderr).toBe(0)
    expect(one.stdout).toMatch(/^ana@example\.com\s+-\s+Claude\s+5%/m)
    expect(one.stdout).not.toContain('bob@example.com')
    // The server's own pool saw it at once.
    expect(
      server.core.listAccounts().accounts.find((account) => account.id === ana)?.quota?.models,
    ).toContainEqual(expect.objectContaining({ name: 'claude-sonnet-4-6', percentage: 5 }))

    const missing = await runCli(['accounts', 'quota', '--refresh', 'no-such-id'], env)
    expect(missing.code).not.toBe(0)
    expect(missing.stderr).toContain('No account with id no-such-id')
  })
})
