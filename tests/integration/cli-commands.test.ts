import { existsSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { startFakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { runCliInProcess as runCli } from '../helpers/cli-in-process'
import { makeTempDir } from '../helpers/temp-dir'
import { cliEnvFor } from '../helpers/cli'

/**
 * The `agtray` commands that work on the files, run in-process through the same entry the
 * binary uses (`runCli`): what they print and their exit codes. tests/e2e/cli.test.ts runs the
 * built binary for what needs a real process (serve, the lock, signals, login).
 */
let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let env: Record<string, string>

beforeEach(async () => {
  fake = await startFakeGoogle()
  temp = makeTempDir()
  env = cliEnvFor(fake, temp.dir)
})
afterEach(async () => {
  await fake.close()
  temp.cleanup()
})

const listJson = async () => {
  const result = await runCli(['accounts', 'list', '--json'], env)
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as { accounts: any[] }
}

describe('agtray accounts, on the files', () => {
  it('manages accounts on the files when no server runs', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', name: 'Ana' })
    const added = await runCli(['accounts', 'add', '--refresh-token', refreshToken], env)
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout).toMatch(/^Added ana@example.com \(/)
    const [account] = (await listJson()).accounts
    expect(account).toMatchObject({ email: 'ana@example.com', name: 'Ana', pool_status: 'in-pool' })

    const off = await runCli(
      ['accounts', 'proxy-disable', account.id, '--reason', 'kept for the IDE'],
      env,
    )
    expect(off.stdout).toContain('ana@example.com is disabled for the proxy: kept for the IDE')
    expect(readAccountFile(temp.dir, account.id)).toMatchObject({
      proxy_disabled: true,
      proxy_disabled_reason: 'kept for the IDE',
    })
    const table = await runCli(['accounts', 'list'], env)
    expect(table.stdout).toMatch(/ana@example.com\s+proxy-disabled\s+kept for the IDE/)
    await runCli(['accounts', 'proxy-enable', account.id], env)
    expect(readAccountFile(temp.dir, account.id).proxy_disabled).toBe(false)

    const removed = await runCli(['accounts', 'remove', account.id], env)
    expect(removed.code).toBe(0)
    expect((await listJson()).accounts).toEqual([])
  })

  it('lists the subscription tier Google named when the account was added', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', name: 'Ana' })
    const added = await runCli(['accounts', 'add', '--refresh-token', refreshToken], env)
    expect(added.code, added.stderr).toBe(0)
    const [account] = (await listJson()).accounts
    // The fake answers loadCodeAssist with the captured answer: paid tier "Google AI Pro".
    expect(account.subscription_tier).toBe('Google AI Pro')
    expect(readAccountFile(temp.dir, account.id).quota.subscription_tier).toBe('Google AI Pro')
    const table = await runCli(['accounts', 'list'], env)
    expect(table.stdout.split('\n')[0]).toMatch(/^ID\s+TIER\s+EMAIL\s+STATUS\s+REASON$/)
    expect(table.stdout).toMatch(/Google AI Pro\s+ana@example.com\s+in pool/)
  })

  it('exports and imports [{email, refresh_token}]', async () => {
    const users = ['ana', 'bob'].map((name) => ({
      email: `${name}@example.com`,
      ...fake.addUser({ email: `${name}@example.com` }),
    }))
    seedAccounts(
      temp.dir,
      users.map((user) => ({ email: user.email, refreshToken: user.refreshToken })),
    )
    const exported = await runCli(['accounts', 'export'], env)
    expect(JSON.parse(exported.stdout)).toEqual(
      users.map((user) => ({ email: user.email, refresh_token: user.refreshToken })),
    )

    const other = makeTempDir()
    try {
      const file = path.join(other.dir, 'export.json')
      writeFileSync(file, exported.stdout)
      const imported = await runCli(
        ['accounts', 'import', file, '--data-dir', path.join(other.dir, 'data')],
        env,
      )
      expect(imported.code, imported.stderr).toBe(0)
      expect(imported.stdout).toContain('Imported 2 of 2: 2 added, 0 updated')
      const listed = await runCli(
        ['--data-dir', path.join(other.dir, 'data'), 'accounts', 'list', '--json'],
        env,
      )
      expect(
        JSON.parse(listed.stdout)
          .accounts.map((account: { email: string }) => account.email)
          .sort(),
      ).toEqual(['ana@example.com', 'bob@example.com'])
    } finally {
      other.cleanup()
    }
  })

  it('answers bad input with a clear message and a non-zero exit code', async () => {
    const missingFlag = await runCli(['accounts', 'add'], env)
    expect(missingFlag.code).toBe(2)
    expect(missingFlag.stderr).toContain("required option '--refresh-token <token>' not specified")

    const unknownId = await runCli(['accounts', 'remove', 'no-such-id'], env)
    expect(unknownId.code).toBe(1)
    expect(unknownId.stderr).toContain('No account with id no-such-id')

    const badPath = await runCli(['accounts', 'remove', '../settings'], env)
    expect(badPath.code).toBe(1)
    expect(badPath.stderr).toContain('is not an account id')

    const notJson = path.join(temp.dir, 'notes.txt')
    writeFileSync(notJson, 'hello')
    const badImport = await runCli(['accounts', 'import', notJson], env)
    expect(badImport.code).toBe(1)
    expect(badImport.stderr).toMatch(/Cannot read .*notes\.txt/)

    const wrongShape = path.join(temp.dir, 'wrong.json')
    writeFileSync(wrongShape, '{"hello": 1}')
    const badShape = await runCli(['accounts', 'import', wrongShape], env)
    expect(badShape.stderr).toContain('An import file is a JSON array')

    const unknown = await runCli(['frobnicate'], env)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toContain("unknown command 'frobnicate'")

    const badPort = await runCli(['serve', '--port', 'eighty'], env)
    expect(badPort.code).toBe(2)
    expect(badPort.stderr).toContain('--port must be 0-65535')
  })
})

describe('agtray login --no-browser, signing in on another device', () => {
  it('completes with the pasted address, after refusing one of another sign-in', async () => {
    fake.addUser({ email: 'far@example.com', name: 'Far Away' })
    fake.setConsentMode('auto')
    const stdin = new PassThrough()
    const output = { stdout: '', stderr: '' }
    const login = runCli(['login', '--no-browser'], env, { stdin, output })
    await expect.poll(() => output.stdout).toMatch(/paste here the address/)
    const authUrl = /^(http\S+)$/m.exec(output.stdout)![1]!
    // The other device's browser ends on agtray's loopback address, which it cannot load.
    const consent = await fetch(authUrl, { redirect: 'manual' })
    const address = consent.headers.get('location')!
    const forged = new URL(address)
    forged.searchParams.set('state', 'forged')
    stdin.write(`${forged.href}\n`)
    await expect.poll(() => output.stderr).toMatch(/state does not match.*\n.*Paste again/)
    expect(existsSync(path.join(temp.dir, 'accounts'))).toBe(false)
    stdin.write(`${address}\n`)
    const result = await login
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Added far@example.com \(/)
    expect((await listJson()).accounts[0]).toMatchObject({ email: 'far@example.com' })
    expect(stdin.destroyed).toBe(true)
  })
})
