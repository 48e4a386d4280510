import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { NoAccountError } from '../../../src/core/pool/token-pool'
import { readAccountFile } from '../../helpers/account-files'
import type { PoolAccountSeed } from '../../helpers/pool-world'
import { openPoolWorld, quotaBlock, servedIds } from '../../helpers/pool-world'
import { seededRandom } from '../../helpers/scheduling'
import { makeTempDir } from '../../helpers/temp-dir'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

const CLAUDE = 'claude-opus-4-6-thinking'
const FLASH = 'gemini-3-flash'
const on = { protection: { enabled: true, threshold_percentage: 10 } }

/** Low on Claude, plenty of Flash; and a second account with some of both. */
const lowOnClaude: PoolAccountSeed[] = [
  {
    email: 'low@x.com',
    tier: 'ultra',
    quota: { 'claude-sonnet-4-6': 4, [CLAUDE]: 6, [FLASH]: 90 },
  },
  { email: 'other@x.com', tier: 'free', quota: { [CLAUDE]: 50, [FLASH]: 50 } },
]

describe('quota protection per model family', () => {
  it('keeps an account under the threshold off that family only, and stores protected_models', async () => {
    const world = await openPoolWorld(temp.dir, lowOnClaude, on)
    const [low, other] = world.ids
    world.random.next = seededRandom(1)
    expect(new Set(await servedIds(world.pool, 30, { model: CLAUDE }))).toEqual(new Set([other]))
    // Still the best for Flash: ultra tier, 90 % left.
    expect((await world.pool.acquire({ model: FLASH })).accountId).toBe(low)
    expect(world.pool.protectedFamiliesOf(low!)).toEqual(['claude'])
    expect(world.pool.dto(low!)).toMatchObject({ in_pool: true, protected_models: ['claude'] })
    await vi.waitFor(() =>
      expect(readAccountFile(temp.dir, low!).protected_models).toEqual(['claude']),
    )
    expect(readAccountFile(temp.dir, other!).protected_models).toBeUndefined()
    expect(world.logger.messages()).toContain(
      'Account low@x.com stops serving claude: quota under 10%',
    )
  })

  it('says so when every account is protected for the family', async () => {
    const world = await openPoolWorld(temp.dir, [lowOnClaude[0]!], on)
    const failure = await world.pool.acquire({ model: CLAUDE }).catch((error: unknown) => error)
    expect(failure).toBeInstanceOf(NoAccountError)
    expect((failure as Error).message).toContain('quota protection threshold')
    expect((await world.pool.acquire({ model: FLASH })).accountId).toBe(world.ids[0])
  })

  it('serves the family again once a newly written quota shows it recovered', async () => {
    const world = await openPoolWorld(temp.dir, lowOnClaude, on)
    const [low] = world.ids
    await vi.waitFor(() =>
      expect(readAccountFile(temp.dir, low!).protected_models).toEqual(['claude']),
    )
    // The quota fetcher writes a new quota into the file and hands it to the pool.
    await world.store.update(low!, (account) => ({
      ...account,
      quota: quotaBlock('ultra', { [CLAUDE]: 70, [FLASH]: 90 }),
    }))
    world.pool.applyWritten([low!])
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).toBe(low)
    expect(world.pool.protectedFamiliesOf(low!)).toEqual([])
    await vi.waitFor(() => expect(readAccountFile(temp.dir, low!).protected_models).toEqual([]))
    expect(world.logger.messages()).toContain('Account low@x.com serves claude again')
  })

  it('is ignored while off, and applies as soon as the settings change, without a reload', async () => {
    const world = await openPoolWorld(temp.dir, lowOnClaude)
    const [low] = world.ids
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).toBe(low)
    expect(world.pool.dto(low!)?.protected_models).toEqual([])
    expect(world.writes()).toBe(0)

    world.settings.protection = { ...world.settings.protection, enabled: true }
    expect(world.pool.reconsider()).toBe(true)
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).not.toBe(low)

    // A lower threshold lets the account back (6 % is the family's best, not under 5 %).
    world.settings.protection = { ...world.settings.protection, threshold_percentage: 5 }
    world.pool.reconsider()
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).toBe(low)

    world.settings.protection = {
      ...world.settings.protection,
      enabled: false,
      threshold_percentage: 10,
    }
    world.pool.reconsider()
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).toBe(low)
  })

  it('moves a conversation off an account that becomes protected for its family', async () => {
    const world = await openPoolWorld(
      temp.dir,
      [
        { email: 'a@x.com', tier: 'ultra', quota: { [CLAUDE]: 60 } },
        { email: 'b@x.com', tier: 'free', quota: { [CLAUDE]: 60 } },
      ],
      on,
    )
    const [a, b] = world.ids
    expect((await world.pool.acquire({ model: CLAUDE, sessionId: 's' })).accountId).toBe(a)
    await world.store.update(a!, (account) => ({
      ...account,
      quota: quotaBlock('ultra', { [CLAUDE]: 2 }),
    }))
    world.pool.applyWritten([a!])
    expect(world.pool.sessionBindingsOf(a!)).toBe(0)
    expect((await world.pool.acquire({ model: CLAUDE, sessionId: 's' })).accountId).toBe(b)
  })
})

describe('legacy account-level quota protection', () => {
  it('is migrated on load: proxy_disabled cleared, protected_models computed, written once', async () => {
    const legacy = {
      proxy_disabled: true,
      proxy_disabled_reason: 'quota_protection',
      proxy_disabled_at: 1_700_000_000,
    }
    const world = await openPoolWorld(
      temp.dir,
      [{ ...lowOnClaude[0]!, extra: legacy }, lowOnClaude[1]!],
      on,
    )
    const [low] = world.ids
    // It serves its other families at once, before the file is even rewritten.
    expect((await world.pool.acquire({ model: FLASH })).accountId).toBe(low)
    await vi.waitFor(() => expect(world.writes()).toBe(1))
    const file = readAccountFile(temp.dir, low!)
    expect(file).toMatchObject({
      proxy_disabled: false,
      proxy_disabled_reason: null,
      proxy_disabled_at: null,
      protected_models: ['claude'],
    })
    expect(file.token.refresh_token).toBe('1//seed-0')
    // Nothing left to migrate: a full reload writes nothing more.
    await world.pool.reload()
    await world.pool.acquire({ model: FLASH })
    expect(world.writes()).toBe(1)
  })

  it('keeps a proxy_disabled the user chose', async () => {
    const world = await openPoolWorld(
      temp.dir,
      [
        {
          email: 'mine@x.com',
          extra: { proxy_disabled: true, proxy_disabled_reason: 'for the IDE' },
        },
        { email: 'b@x.com' },
      ],
      on,
    )
    expect(await servedIds(world.pool, 3)).toEqual([world.ids[1], world.ids[1], world.ids[1]])
    expect(readAccountFile(temp.dir, world.ids[0]!).proxy_disabled).toBe(true)
    expect(world.writes()).toBe(0)
  })
})
