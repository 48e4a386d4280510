import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountDto } from '../../src/shared/account-dto'
import type { AccountsChangedEvent } from '../../src/shared/core-events'
import type { FakeGoogle } from '../fakes/google'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  seedFakeUsers,
} from '../helpers/fake-google-world'
import type { makeTempDir } from '../helpers/temp-dir'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'
import { manualTimers } from '../helpers/manual-timers'

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

const percentageOf = (
  quota: { models: { name: string; percentage: number }[] } | null,
  model: string,
) => quota?.models.find((entry) => entry.name === model)?.percentage

const listed = async (id: string): Promise<AccountDto> => {
  const { body } = await server!.admin('GET', '/api/accounts')
  return (body.accounts as AccountDto[]).find((account) => account.id === id)!
}

/** Seeded accounts whose access tokens expired an hour ago (a refresh comes first). */
const seed = (names: string[]) => seedFakeUsers({ fake, temp }, names)

describe('quota, fetched', () => {
  it('appears in the account file and GET /api/accounts as soon as an account is added', async () => {
    server = await startTestServer({ fake, dataDir: temp.dir })
    const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
    fake.setQuota('ana@example.com', 'gemini-3-flash', {
      remainingFraction: 0.42,
      resetTime: '2026-12-01T05:00:00Z',
    })
    const added = await server.admin('POST', '/api/accounts', { refresh_token: refreshToken })
    expect(added.status).toBe(201)
    const id = added.body.account.id as string

    const file = readAccountFile(temp.dir, id)
    expect(file.quota.models).toContainEqual({
      name: 'gemini-3-flash',
      percentage: 42,
      reset_time: '2026-12-01T05:00:00Z',
    })
    // The rest of the captured catalog, internal models left out.
    expect(file.quota.models.map((model: { name: string }) => model.name)).toContain(
      'gemini-2.5-pro',
    )
    expect(file.quota.models.map((model: { name: string }) => model.name)).not.toContain(
      'chat_20706',
    )
    expect(file.quota).toMatchObject({ is_forbidden: false, last_updated: expect.any(Number) })

    const account = await listed(id)
    expect(account.quota).toMatchObject({ is_forbidden: false })
    expect(percentageOf(account.quota, 'gemini-3-flash')).toBe(42)
    expect(added.body.account.quota).toEqual(account.quota)
  })

  it('refreshes one account on demand through the admin API, keeping the stored tier', async () => {
    const { refreshToken } = fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    // loadCodeAssist (another part of agtray, or the reference app) recorded the tier and keys
    // agtray does not know; a quota fetch learns no tier and must keep both.
    const [id] = seedAccounts(temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken,
        // Its project is known, so no loadCodeAssist (which records Google's tier) runs here.
        projectId: 'proj-ana',
        extra: {
          quota: {
            models: [{ name: 'claude-sonnet-4-6-thinking', percentage: 100, reset_time: '' }],
            last_updated: 1,
            is_forbidden: false,
            subscription_tier: 'Google AI Ultra',
            model_forwarding_rules: { 'claude-opus-4-5-thinking': 'claude-opus-4-6-thinking' },
          },
        },
      },
    ]) as [string]
    server = await startTestServer({ fake, dataDir: temp.dir })
    fake.setQuota('ana@example.com', 'claude-sonnet-4-6-thinking', { remainingFraction: 0.9 })
    const first = await server.admin('POST', `/api/accounts/${id}/quota/refresh`)
    expect(first.status).toBe(200)
    expect(percentageOf(first.body.quota, 'claude-sonnet-4-6-thinking')).toBe(90)
    expect(first.body.quota.subscription_tier).toBe('Google AI Ultra')
    const file = readAccountFile(temp.dir, id)
    expect(file.quota).toMatchObject({
      subscription_tier: 'Google AI Ultra',
      model_forwarding_rules: { 'claude-opus-4-5-thinking': 'claude-opus-4-6-thinking' },
    })
    expect(file.quota.last_updated).toBeGreaterThan(1)

    fake.setQuota('ana@example.com', 'claude-sonnet-4-6-thinking', { remainingFraction: 0.25 })
    const second = await server.admin('POST', `/api/accounts/${id}/quota/refresh`)
    expect(percentageOf(second.body.quota, 'claude-sonnet-4-6-thinking')).toBe(25)
    expect(percentageOf(readAccountFile(temp.dir, id).quota, 'claude-sonnet-4-6-thinking')).toBe(25)
    expect(percentageOf((await listed(id)).quota, 'claude-sonnet-4-6-thinking')).toBe(25)

    const missing = await server.admin('POST', '/api/accounts/no-such-id/quota/refresh')
    expect(missing.status).toBe(404)
    expect(missing.body.error.code).toBe('not_found')
  })

  it('refreshes all accounts, reporting one that failed with a 5xx and leaving it as it was', async () => {
    const { ids } = seed(['ana', 'bob'])
    const [ana, bob] = ids as [string, string]
    server = await startTestServer({ fake, dataDir: temp.dir })
    await server.admin('POST', '/api/accounts/quota/refresh')
    const bobBefore = readAccountFile(temp.dir, bob).quota

    fake.setQuota('ana@example.com', 'gemini-3-flash', { remainingFraction: 0.1 })
    fake.setQuota('bob@example.com', 'gemini-3-flash', { remainingFraction: 0.1 })
    fake.failQuotaCheck('bob@example.com', 503)
    const all = await server.admin('POST', '/api/accounts/quota/refresh')
    expect(all.status).toBe(200)
    expect(all.body).toMatchObject({ total: 2, refreshed: 1, failed: 1 })
    const byId = Object.fromEntries(
      (all.body.results as { account_id: string; error: string | null }[]).map((result) => [
        result.account_id,
        result,
      ]),
    )
    expect(byId[ana]).toMatchObject({ outcome: 'refreshed', error: null })
    expect(byId[bob]).toMatchObject({ outcome: 'failed', email: 'bob@example.com' })
    expect(byId[bob]?.error).toMatch(/503/)

    expect(percentageOf(readAccountFile(temp.dir, ana).quota, 'gemini-3-flash')).toBe(10)
    expect(readAccountFile(temp.dir, bob).quota).toEqual(bobBefore)
    expect(await listed(bob)).toMatchObject({ pool_status: 'in-pool', disabled: false })

    // On demand, the same failure is an error in the admin API's format.
    const one = await server.admin('POST', `/api/accounts/${bob}/quota/refresh`)
    expect(one.status).toBe(502)
    expect(one.body.error).toMatchObject({ code: 'google_unavailable' })
    expect(one.body.error.message).toMatch(/bob@example\.com/)
  })

  it('disables the account when its token refresh answers invalid_grant, as the proxy does', async () => {
    const { users, ids } = seed(['ana', 'bob'])
    const [ana] = ids as [string]
    server = await startTestServer({ fake, dataDir: temp.dir })
    const events: AccountsChangedEvent[] = []
    server.core.events.on('accounts-changed', (event) => events.push(event))
    fake.revokeRefreshToken(users[0]!.refreshToken)

    const answer = await server.admin('POST', `/api/accounts/${ana}/quota/refresh`)
    expect(answer.status).toBe(400)
    expect(answer.body.error.code).toBe('google_refused')
    expect(answer.body.error.message).toMatch(/ana@example\.com is disabled/)

    const file = readAccountFile(temp.dir, ana)
    expect(file).toMatchObject({ disabled: true, disabled_at: expect.any(Number) })
    expect(file.disabled_reason).toMatch(/^invalid_grant/)
    expect(await listed(ana)).toMatchObject({ pool_status: 'disabled', in_pool: false })
    expect(events).toContainEqual(expect.objectContaining({ reason: 'disabled', account_id: ana }))
    // Every request goes to the other account now.
    const served = await server.generate()
    expect(served.status).toBe(200)
    expect(served.headers.get('x-agtray-account-id')).not.toBe(ana)

    // A refresh of all skips it instead of asking Google again.
    fake.resetCalls()
    const all = await server.admin('POST', '/api/accounts/quota/refresh')
    expect(all.body.results).toContainEqual(
      expect.objectContaining({ account_id: ana, outcome: 'skipped' }),
    )
    expect(fake.refreshCalls(users[0]!.refreshToken)).toBe(0)
  })

  it('a 403 marks is_forbidden and takes the account out of the pool until a fetch succeeds', async () => {
    const { ids } = seed(['ana'])
    const [ana] = ids as [string]
    server = await startTestServer({ fake, dataDir: temp.dir })
    fake.forbidQuotaCheck('ana@example.com', 'This account is not eligible for Gemini Code Assist.')

    const forbidden = await server.admin('POST', `/api/accounts/${ana}/quota/refresh`)
    expect(forbidden.status).toBe(200)
    expect(forbidden.body).toMatchObject({
      pool_status: 'proxy-disabled',
      in_pool: false,
      quota: {
        is_forbidden: true,
        forbidden_reason: 'This account is not eligible for Gemini Code Assist.',
      },
    })
    expect(readAccountFile(temp.dir, ana).quota).toMatchObject({ is_forbidden: true })
    const refused = await server.generate()
    expect(refused.status).toBe(503)
    expect(await refused.text()).toMatch(/proxy-disabled/)

    fake.forbidQuotaCheck('ana@example.com', null)
    const back = await server.admin('POST', '/api/accounts/quota/refresh')
    expect(back.body.results[0]).toMatchObject({ outcome: 'refreshed' })
    expect(await listed(ana)).toMatchObject({
      pool_status: 'in-pool',
      quota: { is_forbidden: false, forbidden_reason: null },
    })
    expect(readAccountFile(temp.dir, ana).quota.is_forbidden).toBe(false)
    expect((await server.generate()).status).toBe(200)
  })

  it('a quota check Google answers with a verification 403 blocks the account with the link, not a ban', async () => {
    const { ids } = seed(['ana', 'bob'])
    const [ana] = ids as [string, string]
    server = await startTestServer({ fake, dataDir: temp.dir })
    fake.requireValidation('ana@example.com')
    const checked = await server.admin('POST', `/api/accounts/${ana}/quota/refresh`)
    expect(checked.status).toBe(200)
    expect(checked.body).toMatchObject({ validation_blocked: true, in_pool: false })
    expect(checked.body.validation_url).toMatch(/^https:\/\/accounts\.google\.com\//)
    const file = readAccountFile(temp.dir, ana)
    expect(file).toMatchObject({ validation_blocked: true })
    expect(file.validation_url).toBe(checked.body.validation_url)
    // Verification is not a ban: the quota is not marked forbidden.
    expect(file.quota?.is_forbidden ?? false).toBe(false)
    const all = await server.admin('POST', '/api/accounts/quota/refresh')
    expect(all.body.results).toContainEqual(
      expect.objectContaining({
        account_id: ana,
        outcome: 'forbidden',
        error: expect.stringMatching(/^verification needed: /),
      }),
    )
    // The other account serves meanwhile.
    const served = await server.generate()
    expect(served.status).toBe(200)
    expect(await served.text()).toContain('bob@example.com')
  })

  it('ends a verification block when Google answers the quota check again', async () => {
    const { ids } = seed(['ana'])
    const [ana] = ids as [string]
    server = await startTestServer({ fake, dataDir: temp.dir })
    fake.requireValidation('ana@example.com')
    expect((await server.generate()).status).toBe(403)
    await expect.poll(() => readAccountFile(temp.dir, ana).validation_blocked).toBe(true)
    expect(await listed(ana)).toMatchObject({ validation_blocked: true })

    // The user verified the account in a browser; the next quota check sees Google answer.
    fake.requireValidation('ana@example.com', false)
    const checked = await server.admin('POST', `/api/accounts/${ana}/quota/refresh`)
    expect(checked.status).toBe(200)
    expect(readAccountFile(temp.dir, ana)).toMatchObject({ validation_blocked: false })
    expect(readAccountFile(temp.dir, ana)).not.toHaveProperty('validation_url')
    await expect.poll(async () => (await listed(ana)).validation_blocked).toBe(false)
    expect((await server.generate()).status).toBe(200)
  })

  it('runs on the schedule from settings while the server runs, and shows what requests spent', async () => {
    const { ids } = seed(['ana'])
    const [ana] = ids as [string]
    const schedule = manualTimers()
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      core: { quotaTimers: schedule.timers },
    })
    // The default: every 15 minutes.
    expect(schedule.delays()).toEqual([15 * 60_000])
    fake.setQuota('ana@example.com', 'gemini-2.5-flash', {
      remainingFraction: 1,
      costPerRequest: 0.25,
    })
    for (let n = 0; n < 3; n++) expect((await server.generate()).status).toBe(200)
    expect(fake.quotaOf('ana@example.com', 'gemini-2.5-flash')?.remainingFraction).toBe(0.25)

    schedule.fireAll()
    await expect
      .poll(() => percentageOf(readAccountFile(temp.dir, ana).quota, 'gemini-2.5-flash'))
      .toBe(25)
    // The next run is armed once this one ended.
    await expect.poll(() => schedule.delays()).toEqual([15 * 60_000])

    // The setting the schedule read, as settings.json holds it by default.
    expect(server.core.settings().raw.quota_refresh).toEqual({
      enabled: true,
      interval_minutes: 15,
    })

    // Changed from a settings page: the next run is one new interval away; off, none is.
    const hourly = await server.admin('PATCH', '/api/settings', { quota_refresh_minutes: 60 })
    expect(hourly.body).toMatchObject({ quota_refresh_minutes: 60 })
    expect(schedule.delays()).toEqual([60 * 60_000])
    const off = await server.admin('PATCH', '/api/settings', { quota_refresh_minutes: null })
    expect(off.body).toMatchObject({ quota_refresh_minutes: null })
    expect(schedule.delays()).toEqual([])
    expect(server.core.settings().raw.quota_refresh).toEqual({
      enabled: false,
      interval_minutes: 60,
    })
    const wrong = await server.admin('PATCH', '/api/settings', { quota_refresh_minutes: 0 })
    expect(wrong.status).toBe(400)
  })

  it('hands the new quota to the pool at once: quota protection takes an exhausted account off that family', async () => {
    const { ids } = seed(['ana', 'bob'])
    const [ana, bob] = ids as [string, string]
    writeFileSync(
      path.join(temp.dir, 'settings.json'),
      JSON.stringify({
        quota_protection: { enabled: true, threshold_percentage: 10, monitored_models: ['claude'] },
      }),
    )
    server = await startTestServer({ fake, dataDir: temp.dir })
    for (const model of ['claude-sonnet-4-6', 'claude-sonnet-4-6-thinking'])
      fake.setQuota('ana@example.com', model, { remainingFraction: 0.05 })
    const events: AccountsChangedEvent[] = []
    server.core.events.on('accounts-changed', (event) => events.push(event))

    const all = await server.admin('POST', '/api/accounts/quota/refresh')
    expect(all.body).toMatchObject({ total: 2, refreshed: 2 })
    // The quota and the family it protects are one write: the file holds both once it answered.
    expect(readAccountFile(temp.dir, ana).protected_models).toEqual(['claude'])
    // Off Claude only: it stays in the pool for the other families.
    expect(await listed(ana)).toMatchObject({
      pool_status: 'in-pool',
      in_pool: true,
      protected_models: ['claude'],
    })
    expect(await listed(bob)).toMatchObject({ pool_status: 'in-pool', protected_models: [] })
    // One announcement for the whole refresh, with the list as it now stands (the others: the
    // tokens refreshed and the projects found on the way).
    const refreshed = events.filter((event) => event.reason === 'quota-refreshed')
    expect(refreshed).toHaveLength(1)
    expect(refreshed[0]?.accounts.find((account) => account.id === ana)?.protected_models).toEqual([
      'claude',
    ])
    const served = await server.generate({ model: 'claude-sonnet-4-6' })
    expect(served.headers.get('x-agtray-account-id')).toBe(bob)
  })

  it('gets a new access token and tries once more when Google refuses the current one (401)', async () => {
    const { users, ids } = seed(['ana'])
    const [ana] = ids as [string]
    server = await startTestServer({ fake, dataDir: temp.dir })
    expect((await server.admin('POST', `/api/accounts/${ana}/quota/refresh`)).status).toBe(200)
    const refreshes = fake.refreshCalls(users[0]!.refreshToken)
    // Revoked elsewhere before its expiry: the stored token still looks valid.
    fake.expireAccessTokens()
    fake.setQuota('ana@example.com', 'gemini-3-flash', { remainingFraction: 0.33 })
    const answer = await server.admin('POST', `/api/accounts/${ana}/quota/refresh`)
    expect(answer.status).toBe(200)
    expect(percentageOf(answer.body.quota, 'gemini-3-flash')).toBe(33)
    expect(fake.refreshCalls(users[0]!.refreshToken)).toBe(refreshes + 1)
    expect(fake.callsTo('fetchAvailableModels').map((call) => call.status)).toEqual([200, 401, 200])
  })
})
