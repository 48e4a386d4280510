import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { startFakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import type { RunningChild } from '../helpers/cli'
import { builtCli, cliEnvFor, requireBuiltCli, runCli, startChild } from '../helpers/cli'
import { writeSettings } from '../helpers/scheduling'
import { makeTempDir } from '../helpers/temp-dir'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let serve: RunningChild | null = null
let env: Record<string, string>

beforeAll(() => requireBuiltCli())
beforeEach(async () => {
  fake = await startFakeGoogle()
  temp = makeTempDir()
  env = cliEnvFor(fake, temp.dir)
})
afterEach(async () => {
  await serve?.stop()
  serve = null
  await fake.close()
  temp.cleanup()
})

const generate = (url: string) =>
  fetch(`${url}/v1beta/models/gemini-2.5-flash:generateContent`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] }),
  })

const listJson = async () => {
  const result = await runCli(['accounts', 'list', '--json'], env)
  expect(result.code, result.stderr).toBe(0)
  return JSON.parse(result.stdout) as { accounts: any[] }
}

describe('agtray serve', () => {
  it('prints the base URL and where the API key is, serves with the proxy enabled, and stops on SIGTERM', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    seedAccounts(temp.dir, [{ email: 'ana@example.com', refreshToken }])
    serve = await startChild(builtCli, ['serve'], env)
    expect(serve.output()).toContain(`OpenAI base URL:     ${serve.url}/v1`)
    expect(serve.output()).toContain(
      `API key:             proxy.api_key in ${temp.dir}/settings.json`,
    )
    expect(serve.output()).toContain('1 account(s) in the pool')
    expect((await generate(serve.url)).status).toBe(200)
    const apiKey = JSON.parse(readFileSync(path.join(temp.dir, 'settings.json'), 'utf8')).proxy
      .api_key
    expect(serve.output()).not.toContain(apiKey)
    expect(await serve.stop()).toBe(0)
    serve = null
  })

  it('refuses to share the data folder: the second process names the first and exits non-zero', async () => {
    serve = await startChild(builtCli, ['serve'], env)
    const pid = serve.child.pid
    const second = await runCli(['serve', '--port', '0'], env)
    expect(second.code).toBe(1)
    expect(second.stderr).toContain(
      `${temp.dir} is in use by another agtray process (pid ${pid}, serve at ${serve.url})`,
    )
  })

  it('writes the invalid_grant log lines to its output and log file, without any token', async () => {
    const ana = fake.addUser({ email: 'ana@example.com' })
    const bob = fake.addUser({ email: 'bob@example.com' })
    const [, bobId] = seedAccounts(temp.dir, [
      { email: 'ana@example.com', refreshToken: ana.refreshToken },
      { email: 'bob@example.com', refreshToken: bob.refreshToken },
    ])
    // Bob is tried first (then Ana serves): the account chosen does not depend on chance.
    writeSettings(temp.dir, { scheduling: { mode: 'fixed', fixed_account_id: bobId } })
    fake.revokeRefreshToken(bob.refreshToken)
    serve = await startChild(builtCli, ['serve'], env)
    for (let n = 0; n < 4; n++) expect((await generate(serve.url)).status).toBe(200)
    await serve.waitFor(
      'Disabling account due to invalid_grant (bob@example.com): refresh_token likely revoked/expired',
    )
    expect(serve.output()).toContain(
      'Token refresh failed (bob@example.com): invalid_grant (Token has been expired or revoked.), trying next account',
    )
    await serve.stop()
    serve = null
    const logFile = readFileSync(path.join(temp.dir, 'logs', 'agtray.log'), 'utf8')
    // Emails and account ids are in it: readable by the user only.
    expect(statSync(path.join(temp.dir, 'logs')).mode & 0o777).toBe(0o700)
    expect(statSync(path.join(temp.dir, 'logs', 'agtray.log')).mode & 0o777).toBe(0o600)
    expect(logFile).toContain('Disabling account due to invalid_grant (bob@example.com)')
    expect(logFile).not.toContain(bob.refreshToken)
    expect(logFile).not.toMatch(/ya29\.fake/)
  })
})

describe('agtray accounts', () => {
  it('goes through the running server so its pool reloads at once', async () => {
    const ana = fake.addUser({ email: 'ana@example.com' })
    serve = await startChild(builtCli, ['serve'], env)
    expect((await generate(serve.url)).status).toBe(503)
    const added = await runCli(['accounts', 'add', '--refresh-token', ana.refreshToken], env)
    expect(added.code, added.stderr).toBe(0)
    expect((await generate(serve.url)).status).toBe(200)
    const [account] = (await listJson()).accounts
    await runCli(['accounts', 'proxy-disable', account.id], env)
    expect((await generate(serve.url)).status).toBe(503)
  })

  it('re-adding a disabled account with a new token clears the three fields; the same token leaves it disabled', async () => {
    const bob = fake.addUser({ email: 'bob@example.com' })
    const [id] = seedAccounts(temp.dir, [
      { email: 'bob@example.com', refreshToken: bob.refreshToken },
    ])
    fake.revokeRefreshToken(bob.refreshToken)
    serve = await startChild(builtCli, ['serve'], env)
    expect((await generate(serve.url)).status).toBe(503)
    expect(readAccountFile(temp.dir, id!).disabled).toBe(true)

    const same = await runCli(['accounts', 'add', '--refresh-token', bob.refreshToken], env)
    expect(same.code).toBe(1)
    expect(same.stderr).toContain('invalid_grant')
    expect(readAccountFile(temp.dir, id!).disabled).toBe(true)

    const renewed = await runCli(
      ['accounts', 'add', '--refresh-token', fake.mintRefreshToken('bob@example.com')],
      env,
    )
    expect(renewed.code, renewed.stderr).toBe(0)
    expect(renewed.stdout).toContain('no longer disabled')
    const file = readAccountFile(temp.dir, id!)
    expect(file.disabled).toBe(false)
    expect(file).not.toHaveProperty('disabled_reason')
    expect(file).not.toHaveProperty('disabled_at')
    const served = await generate(serve.url)
    expect(served.status).toBe(200)
    expect(served.headers.get('x-agtray-account-id')).toBe(id)
  })
})

describe('agtray login', () => {
  it('signs in through the loopback redirect with state and PKCE, and adds the account', async () => {
    fake.addUser({ email: 'new@example.com', name: 'New Person' })
    fake.setConsentUser('new@example.com')
    fake.setConsentMode('auto')
    const login = await startLogin()
    const authUrl = new URL(await login.url)
    expect(authUrl.origin).toBe(fake.url)
    expect(authUrl.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authUrl.searchParams.get('state')).toBeTruthy()
    expect(authUrl.searchParams.get('redirect_uri')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/oauth-callback$/,
    )
    // The browser: the fake's consent page redirects to agtray's loopback listener.
    const landing = await fetch(authUrl)
    expect(landing.status).toBe(200)
    expect(await landing.text()).toContain('Account connected')
    const result = await login.done
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/Added new@example.com \(/)
    expect((await listJson()).accounts[0]).toMatchObject({
      email: 'new@example.com',
      name: 'New Person',
    })
  })

  it('refuses a redirect whose state does not match, and keeps waiting for the real one', async () => {
    fake.addUser({ email: 'new@example.com' })
    fake.setConsentMode('auto')
    const login = await startLogin()
    const authUrl = new URL(await login.url)
    const forged = new URL(authUrl.searchParams.get('redirect_uri')!)
    forged.searchParams.set('code', 'stolen')
    forged.searchParams.set('state', 'not-the-state')
    expect((await fetch(forged)).status).toBe(400)
    expect((await fetch(authUrl)).status).toBe(200)
    expect((await login.done).code).toBe(0)
  })
})

function startLogin(): {
  url: Promise<string>
  done: Promise<{ code: number | null; stdout: string; stderr: string }>
} {
  let resolveUrl: (url: string) => void = () => undefined
  const url = new Promise<string>((resolve) => (resolveUrl = resolve))
  const done = import('node:child_process').then(
    ({ spawn }) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [builtCli, 'login', '--no-browser'], {
          env: { ...process.env, ...env, DISPLAY: '' },
        })
        let stdout = ''
        let stderr = ''
        child.stdout.on('data', (chunk) => {
          stdout += String(chunk)
          const match = /^(http:\/\/\S+\/o\/oauth2\/v2\/auth\?\S+)$/m.exec(stdout)
          if (match?.[1]) resolveUrl(match[1])
        })
        child.stderr.on('data', (chunk) => (stderr += String(chunk)))
        child.on('close', (code) => resolve({ code, stdout, stderr }))
      }),
  )
  return { url, done }
}
