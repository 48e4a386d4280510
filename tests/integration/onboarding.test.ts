import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { immediateTimers } from '../helpers/immediate-timers'
import type { makeTempDir } from '../helpers/temp-dir'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let server: TestServer | null = null
let timers: ReturnType<typeof immediateTimers>

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
  timers = immediateTimers()
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
  server = null
})

const clientMetadata = (
  JSON.parse(
    readFileSync(path.join(__dirname, '../fixtures/loadCodeAssist.request.json'), 'utf8'),
  ) as { metadata: unknown }
).metadata

const start = (): Promise<TestServer> =>
  // random 0: the tied accounts are tried in the index's order.
  startTestServer({ fake, dataDir: temp.dir, core: { timers, random: () => 0 } })

const generateCalls = () =>
  fake.calls.filter((call) => ['generateContent', 'streamGenerateContent'].includes(call.endpoint))

describe('onboarding an account that has no Cloud Code project yet', () => {
  it('adding it: onboardUser with the default tier, the operation polled with backoff until done, the project stored, and the first request served with it', async () => {
    const { refreshToken } = fake.addUser({
      email: 'new@example.com',
      projectId: 'proj-new',
      onboarding: { pollsUntilDone: 3 },
    })
    server = await start()
    const added = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    expect(added.status, JSON.stringify(added.body)).toBe(201)
    expect(added.body.account).toMatchObject({
      project_id: 'proj-new',
      proxy_disabled: false,
      in_pool: true,
      subscription_tier: 'Antigravity',
    })

    const onboard = fake.callsTo('onboardUser')
    expect(onboard).toHaveLength(1)
    expect(onboard[0]?.body).toEqual({ tierId: 'free-tier', metadata: clientMetadata })
    expect(fake.callsTo('getOperation')).toHaveLength(3)
    expect(timers.delays).toEqual([1000, 2000, 4000])

    const file = readAccountFile(temp.dir, added.body.account.id)
    expect(file.token.project_id).toBe('proj-new')
    expect(file.quota.subscription_tier).toBe('Antigravity')

    const response = await server.generate()
    expect(response.status, await response.clone().text()).toBe(200)
    expect(generateCalls().map((call) => (call.body as { project: string }).project)).toEqual([
      'proj-new',
    ])
  })

  it('an account file without a project: the first request onboards it, stores the project and is served', async () => {
    const { refreshToken } = fake.addUser({
      email: 'new@example.com',
      projectId: 'proj-new',
      onboarding: { pollsUntilDone: 1 },
    })
    const [id] = seedAccounts(temp.dir, [
      { email: 'new@example.com', refreshToken, projectId: null },
    ])
    server = await start()
    const response = await server.generate()
    expect(response.status, await response.clone().text()).toBe(200)
    expect(fake.callsTo('onboardUser')).toHaveLength(1)
    expect(readAccountFile(temp.dir, id!).token.project_id).toBe('proj-new')
    expect(generateCalls()).toHaveLength(1)
  })

  it('an account Google will not onboard is added proxy-disabled with a reason saying what to do, never disabled, and no request goes out with a made-up project', async () => {
    const { refreshToken } = fake.addUser({ email: 'no@example.com', onboarding: 'ineligible' })
    server = await start()
    const added = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    expect(added.status, JSON.stringify(added.body)).toBe(201)
    const account = added.body.account
    expect(account).toMatchObject({
      disabled: false,
      proxy_disabled: true,
      pool_status: 'proxy-disabled',
      project_id: null,
    })
    expect(account.proxy_disabled_reason).toContain('Cannot be onboarded to Antigravity')
    expect(account.proxy_disabled_reason).toContain('Antigravity is not available for this account')
    expect(account.proxy_disabled_reason).toContain('https://antigravity.google')
    expect(readAccountFile(temp.dir, account.id)).toMatchObject({
      disabled: false,
      proxy_disabled: true,
      proxy_disabled_reason: account.proxy_disabled_reason,
    })

    const response = await server.generate()
    expect(response.status).toBe(503)
    expect(generateCalls()).toHaveLength(0)
  })

  it('re-added once Google onboards it, the account comes back into the pool; a proxy switch the user set is kept', async () => {
    const { refreshToken } = fake.addUser({ email: 'no@example.com', onboarding: 'ineligible' })
    const kept = fake.addUser({ email: 'kept@example.com' })
    server = await start()
    const blocked = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    expect(blocked.body.account.proxy_disabled).toBe(true)
    const mine = await server.admin('POST', '/api/accounts', { refresh_token: kept.refreshToken })
    const off = await server.admin('POST', `/api/accounts/${mine.body.account.id}/proxy-disabled`, {
      proxy_disabled: true,
      reason: 'kept for the IDE',
    })
    expect(off.status).toBe(200)

    fake.setOnboarding('no@example.com', { pollsUntilDone: 1 })
    const again = await server.admin('POST', '/api/accounts', {
      refresh_token: fake.mintRefreshToken('no@example.com'),
    })
    expect(again.body.account).toMatchObject({
      proxy_disabled: false,
      proxy_disabled_reason: null,
      in_pool: true,
      project_id: 'proj-no',
    })
    const readded = await server.admin('POST', '/api/accounts', {
      refresh_token: fake.mintRefreshToken('kept@example.com'),
    })
    expect(readded.body.account).toMatchObject({
      proxy_disabled: true,
      proxy_disabled_reason: 'kept for the IDE',
    })
  })

  it('an account file Google will not onboard: the request is served by another account and this one ends proxy-disabled, not disabled', async () => {
    const refused = fake.addUser({ email: 'no@example.com', onboarding: 'ineligible' })
    const ana = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const [noId, anaId] = seedAccounts(temp.dir, [
      { email: 'no@example.com', refreshToken: refused.refreshToken, projectId: null },
      { email: 'ana@example.com', refreshToken: ana.refreshToken, projectId: 'proj-ana' },
    ])
    server = await start()
    for (let n = 0; n < 3; n++) {
      const response = await server.generate()
      expect(response.status, await response.clone().text()).toBe(200)
      expect(response.headers.get('x-agtray-account-id')).toBe(anaId)
    }
    const file = readAccountFile(temp.dir, noId!)
    expect(file.disabled).toBe(false)
    expect(file.proxy_disabled).toBe(true)
    expect(file.proxy_disabled_reason).toContain('Cannot be onboarded to Antigravity')
    expect(file.token.project_id).toBeUndefined()
    // Asked once: a proxy-disabled account is not tried again.
    expect(fake.callsTo('loadCodeAssist')).toHaveLength(1)
    const listed = (await server.admin('GET', '/api/accounts')).body.accounts as any[]
    expect(listed.find((entry) => entry.id === noId)).toMatchObject({
      pool_status: 'proxy-disabled',
      disabled: false,
    })
    for (const call of generateCalls())
      expect((call.body as { project: string }).project).toBe('proj-ana')
  })

  it('an onboarding still running after ten polls is left for later: the account is added without a project, not proxy-disabled', async () => {
    const { refreshToken } = fake.addUser({
      email: 'slow@example.com',
      onboarding: { pollsUntilDone: 50 },
    })
    server = await start()
    const added = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    expect(added.status).toBe(201)
    expect(added.body.account).toMatchObject({ project_id: null, proxy_disabled: false })
    expect(fake.callsTo('getOperation')).toHaveLength(10)
    expect(timers.delays).toEqual([1000, 2000, 4000, 5000, 5000, 5000, 5000, 5000, 5000, 5000])
  })
})
