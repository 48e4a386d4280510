import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { OAuthFinishedDto } from '../../src/shared/oauth-dto'
import type { FakeGoogle } from '../fakes/google'
import type { makeTempDir } from '../helpers/temp-dir'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'
import { manualTimers } from '../helpers/manual-timers'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let server: TestServer

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
  server = await startTestServer({ fake, dataDir: temp.dir, core: { oauthTimeoutMs: 400 } })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
})

const finished = (flowId: string): Promise<OAuthFinishedDto> =>
  new Promise((resolve) => {
    const off = server.core.events.on('oauth-finished', (event) => {
      if (event.flow_id !== flowId) return
      off()
      resolve(event)
    })
  })

const redirectUriOf = (authUrl: string): string =>
  new URL(authUrl).searchParams.get('redirect_uri') ?? ''

describe('OAuth sign-in flows (the desktop loopback listener)', () => {
  it('adds the account when Google answers, once, and closes its listener', async () => {
    fake.addUser({ email: 'new@example.com', name: 'New Person' })
    fake.setConsentMode('auto')
    const flow = await server.core.startOAuth({ accountId: null, redirect: { kind: 'loopback' } })
    const url = new URL(flow.auth_url)
    expect(url.searchParams.get('code_challenge_method')).toBe('S256')
    expect(redirectUriOf(flow.auth_url)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/oauth-callback$/)
    const done = finished(flow.flow_id)
    expect((await fetch(flow.auth_url)).status).toBe(200)
    expect(await done).toMatchObject({
      ok: true,
      created: true,
      account: { email: 'new@example.com', in_pool: true },
    })
    // One use: the listener is gone.
    await expect(fetch(`${redirectUriOf(flow.auth_url)}?code=x&state=y`)).rejects.toThrow()
    expect(server.core.oauthUrl(flow.flow_id)).toBeNull()
  })

  it('re-enables a disabled account re-authorized through OAuth', async () => {
    const { refreshToken } = fake.addUser({ email: 'bob@example.com' })
    const added = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    fake.revokeRefreshToken(refreshToken)
    fake.expireAccessTokens()
    expect((await server.generate()).status).toBe(503)
    expect((await server.admin('GET', '/api/accounts')).body.accounts[0].disabled).toBe(true)
    fake.setConsentUser('bob@example.com')
    fake.setConsentMode('auto')
    const flow = await server.core.startOAuth({
      accountId: added.body.account.id,
      redirect: { kind: 'loopback' },
    })
    const done = finished(flow.flow_id)
    await fetch(flow.auth_url)
    expect(await done).toMatchObject({ ok: true, created: false, reenabled: true, message: null })
    expect((await server.generate()).status).toBe(200)
  })

  it('says so when the user signs in as another account than the one to re-authorize', async () => {
    const { refreshToken } = fake.addUser({ email: 'bob@example.com' })
    const bob = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    fake.addUser({ email: 'eve@example.com' })
    fake.setConsentUser('eve@example.com')
    fake.setConsentMode('auto')
    const flow = await server.core.startOAuth({
      accountId: bob.body.account.id,
      redirect: { kind: 'loopback' },
    })
    const done = finished(flow.flow_id)
    await fetch(flow.auth_url)
    expect(await done).toMatchObject({
      ok: true,
      created: true,
      message: 'You signed in as eve@example.com, not bob@example.com; eve@example.com was added',
    })
  })

  it('frees the port when cancelled, and when the time is up', async () => {
    const flow = await server.core.startOAuth({ accountId: null, redirect: { kind: 'loopback' } })
    const cancelled = finished(flow.flow_id)
    server.core.cancelOAuth(flow.flow_id)
    expect(await cancelled).toMatchObject({ ok: false, message: 'The sign-in was cancelled' })
    await expect(fetch(`${redirectUriOf(flow.auth_url)}?code=x&state=y`)).rejects.toThrow()
    expect(() => server.core.cancelOAuth(flow.flow_id)).toThrow('This sign-in has already ended')

    const slow = await server.core.startOAuth({ accountId: null, redirect: { kind: 'loopback' } })
    expect(await finished(slow.flow_id)).toMatchObject({
      ok: false,
      message: expect.stringContaining('not completed'),
    })
    await expect(fetch(`${redirectUriOf(slow.auth_url)}?code=x&state=y`)).rejects.toThrow()
  })

  it('reports a refusal on the consent page', async () => {
    fake.addUser({ email: 'new@example.com' })
    fake.setConsentMode('auto')
    const flow = await server.core.startOAuth({ accountId: null, redirect: { kind: 'loopback' } })
    const done = finished(flow.flow_id)
    const redirect = new URL(redirectUriOf(flow.auth_url))
    redirect.searchParams.set('state', new URL(flow.auth_url).searchParams.get('state') ?? '')
    redirect.searchParams.set('error', 'access_denied')
    const page = await fetch(redirect)
    expect(page.status).toBe(400)
    expect(await done).toMatchObject({
      ok: false,
      message: 'Google sign-in ended without access (access_denied)',
    })
    expect((await server.admin('GET', '/api/accounts')).body.accounts).toEqual([])
  })
})

describe.each(['loopback', 'server'] as const)('a %s sign-in’s deadline', (kind) => {
  let clock: ReturnType<typeof manualTimers>

  beforeEach(async () => {
    await server.stop()
    clock = manualTimers()
    server = await startTestServer({ fake, dataDir: temp.dir, core: { timers: clock.timers } })
  })

  const start = async () => {
    if (kind === 'loopback')
      return server.core.startOAuth({ accountId: null, redirect: { kind: 'loopback' } })
    return (await server.admin('POST', '/api/oauth/start', {})).body as {
      flow_id: string
      auth_url: string
    }
  }

  it('stops when Google answers: a slow code exchange still adds the account', async () => {
    fake.addUser({ email: 'slow@example.com' })
    fake.setConsentMode('auto')
    // The code exchange takes longer than what is left of the sign-in's time.
    fake.setRefreshDelay(300)
    const flow = await start()
    const done = finished(flow.flow_id)
    const landing = fetch(flow.auth_url)
    // Google's answer has arrived and the code is being traded: now the deadline passes.
    await expect
      .poll(() => fake.calls.some((call) => call.endpoint === 'token' && call.status === 0))
      .toBe(true)
    clock.fireAll()
    expect((await landing).status).toBe(200)
    expect(await done).toMatchObject({ ok: true, account: { email: 'slow@example.com' } })
  })

  it('ends the sign-in with its own code when the time is up, and cancelling with another', async () => {
    const late = await start()
    const timedOut = finished(late.flow_id)
    clock.fireAll()
    expect(await timedOut).toMatchObject({
      ok: false,
      code: 'sign_in_timed_out',
      message: 'The sign-in was not completed within 5 minutes',
    })
    const dropped = await start()
    const cancelled = finished(dropped.flow_id)
    server.core.cancelOAuth(dropped.flow_id)
    expect(await cancelled).toMatchObject({ ok: false, code: 'sign_in_cancelled' })
  })
})

describe('OAuth sign-in flows (the web console callback route)', () => {
  it('completes through /oauth/callback on the server, checking the state', async () => {
    fake.addUser({ email: 'web@example.com' })
    fake.setConsentMode('auto')
    const started = await server.admin('POST', '/api/oauth/start', {})
    expect(redirectUriOf(started.body.auth_url)).toBe(`${server.url}/oauth/callback`)
    const forged = await fetch(`${server.url}/oauth/callback?code=stolen&state=forged`)
    expect(forged.status).toBe(400)
    const done = finished(started.body.flow_id)
    const landing = await fetch(started.body.auth_url)
    expect(landing.status).toBe(200)
    expect(await landing.text()).toContain('Account connected')
    expect(await done).toMatchObject({ ok: true, account: { email: 'web@example.com' } })
    const replay = await fetch(landing.url)
    expect(replay.status).toBe(400)
  })
})

describe('signing in on another device (the address pasted back)', () => {
  /** The browser elsewhere: Google's consent ends on an address that browser cannot load. */
  const finalAddress = async (flowId: string): Promise<string> => {
    const consent = await fetch(server.core.oauthUrl(flowId)!, { redirect: 'manual' })
    expect(consent.status).toBe(302)
    return consent.headers.get('location')!
  }
  const startServerFlow = async (): Promise<string> =>
    (await server.admin('POST', '/api/oauth/start', {})).body.flow_id

  it('completes with the pasted address; a forged state changes nothing; a reused one is refused', async () => {
    fake.addUser({ email: 'far@example.com' })
    fake.setConsentMode('auto')
    const flowId = await startServerFlow()
    const address = await finalAddress(flowId)
    const forged = new URL(address)
    forged.searchParams.set('state', 'forged-state')
    const refused = await server.admin('POST', `/api/oauth/${flowId}/complete`, {
      answer: forged.href,
    })
    expect(refused.status).toBe(400)
    expect(refused.body.error).toMatchObject({ code: 'invalid_input' })
    expect(refused.body.error.message).toMatch(/state does not match/)
    expect(server.core.listAccounts().accounts).toEqual([])
    expect(server.core.oauthUrl(flowId)).not.toBeNull()

    const done = finished(flowId)
    const completed = await server.admin('POST', `/api/oauth/${flowId}/complete`, {
      answer: `  ${address}\n`,
    })
    expect(completed.status).toBe(200)
    expect(completed.body).toEqual({ ok: true, message: 'far@example.com is connected' })
    expect(await done).toMatchObject({
      ok: true,
      created: true,
      account: { email: 'far@example.com' },
    })

    const reused = await server.admin('POST', `/api/oauth/${flowId}/complete`, { answer: address })
    expect(reused.status).toBe(404)
    expect(reused.body.error.code).toBe('not_found')
    expect(server.core.listAccounts().accounts).toHaveLength(1)
  })

  it('takes the code alone, which only this sign-in’s PKCE verifier can trade', async () => {
    fake.addUser({ email: 'code@example.com' })
    fake.setConsentMode('auto')
    const other = await startServerFlow()
    const flowId = await startServerFlow()
    const code = new URL(await finalAddress(flowId)).searchParams.get('code')!
    // Pasted into the wrong sign-in, Google refuses the trade: that sign-in ends, nothing is added.
    const wrong = await server.admin('POST', `/api/oauth/${other}/complete`, { answer: code })
    expect(wrong.body.ok).toBe(false)
    expect(server.core.listAccounts().accounts).toEqual([])
    // Google's codes are single-use, even when the trade failed: the user signs in again.
    const fresh = new URL(await finalAddress(flowId)).searchParams.get('code')!
    const right = await server.admin('POST', `/api/oauth/${flowId}/complete`, {
      answer: encodeURIComponent(fresh),
    })
    expect(right.body).toMatchObject({ ok: true })
    expect(server.core.listAccounts().accounts[0]).toMatchObject({ email: 'code@example.com' })
  })
})
