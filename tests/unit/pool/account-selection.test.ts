import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tierRank } from '../../../src/core/pool/account-ranking'
import { pickPowerOfTwo } from '../../../src/core/pool/power-of-two-choices'
import type { UpstreamFailure } from '../../../src/core/pool/upstream-failure'
import { seededRandom } from '../../helpers/scheduling'
import { makeTempDir } from '../../helpers/temp-dir'
import { openPoolWorld, quotaBlock, servedIds } from '../../helpers/pool-world'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

const CLAUDE = 'claude-sonnet-4-6'
const FLASH = 'gemini-3-flash'

const rateLimited = (scope: 'account' | 'model'): UpstreamFailure => ({
  status: 429,
  reason: 'RATE_LIMIT_EXCEEDED',
  cooldownMs: 60_000,
  scope,
  invalidateToken: false,
  retryElsewhere: true,
  requestRefusal: false,
  validation: null,
  message: 'slow down',
})

describe('selection order', () => {
  it('ranks by tier first, then by remaining quota for the model, quota never fetched last', async () => {
    const world = await openPoolWorld(temp.dir, [
      { email: 'free@x.com', tier: 'free-tier', quota: { [CLAUDE]: 100 } },
      { email: 'pro-low@x.com', tier: 'g1-pro-tier', quota: { [CLAUDE]: 20, [FLASH]: 100 } },
      { email: 'unknown@x.com' },
      { email: 'pro-high@x.com', tier: 'g1-pro-tier', quota: { [CLAUDE]: 80, [FLASH]: 5 } },
      { email: 'ultra@x.com', tier: 'g1-ultra-tier', quota: { [CLAUDE]: 10 } },
    ])
    const [free, proLow, unknown, proHigh, ultra] = world.ids
    // random 0: the two drawn are the best and the second best, so the best always wins.
    const order: string[] = []
    for (let n = 0; n < 5; n++)
      order.push((await world.pool.acquire({ model: CLAUDE, exclude: new Set(order) })).accountId)
    expect(order).toEqual([ultra, proHigh, proLow, free, unknown])
    // Another family, another order: Flash quota puts pro-low ahead of pro-high.
    expect((await world.pool.acquire({ model: FLASH, exclude: new Set([ultra!]) })).accountId).toBe(
      proLow,
    )
  })

  it('ranks again when a new quota is written, and not when only a token changed', async () => {
    const world = await openPoolWorld(temp.dir, [
      { email: 'a@x.com', tier: 'pro', quota: { [CLAUDE]: 80 } },
      { email: 'b@x.com', tier: 'pro', quota: { [CLAUDE]: 40 } },
    ])
    const [a, b] = world.ids
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).toBe(a)
    // A refreshed token: the same ranking, and the pool hands out the new token.
    await world.store.update(a!, (account) => ({
      ...account,
      token: { ...account.token, access_token: 'ya29.refreshed' },
    }))
    world.pool.applyWritten([a!])
    expect(await world.pool.acquire({ model: CLAUDE })).toMatchObject({
      accountId: a,
      accessToken: 'ya29.refreshed',
    })
    // The quota fetcher writes that a spent most of its Claude quota: b ranks first now.
    await world.store.update(a!, (account) => ({
      ...account,
      quota: quotaBlock('pro', { [CLAUDE]: 20 }),
    }))
    world.pool.applyWritten([a!])
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).toBe(b)
  })

  it('reads the tier by substring, as the reference does', () => {
    expect([
      tierRank('g1-ultra-tier'),
      tierRank('PRO'),
      tierRank('free-tier'),
      tierRank('standard-tier'),
      tierRank(null),
    ]).toEqual([0, 1, 2, 3, 3])
  })

  it('draws two of the best five at random and keeps the better ranked of the two', () => {
    const best = [90, 80, 70, 60, 50, 40]
    const before = (a: number, b: number) => a > b
    const draws = (values: number[]) => {
      let n = 0
      return () => values[n++] ?? 0
    }
    // First draw: index 4 (50); second: the one after it, wrapping to index 0 (90).
    expect(pickPowerOfTwo(best, before, draws([0.9, 0]))).toBe(90)
    // First draw: index 4 (50); second: index 3 (60).
    expect(pickPowerOfTwo(best, before, draws([0.9, 0.99]))).toBe(60)
    // The sixth is never drawn.
    const random = seededRandom(3)
    const picked = new Set(Array.from({ length: 500 }, () => pickPowerOfTwo(best, before, random)))
    expect(picked).toEqual(new Set([90, 80, 70, 60]))
  })

  it('spreads over the best five tied accounts, never the sixth or seventh', async () => {
    const world = await openPoolWorld(
      temp.dir,
      Array.from({ length: 7 }, (_, n) => ({ email: `a${n}@x.com` })),
      { scheduling: { mode: 'performance' } },
    )
    world.random.next = seededRandom(11)
    const served = new Set(await servedIds(world.pool, 200, { model: FLASH }))
    expect(served).toEqual(new Set(world.ids.slice(0, 5)))
  })

  it('passes over accounts resting for the model, and finds one deep in the list', async () => {
    const world = await openPoolWorld(
      temp.dir,
      Array.from({ length: 8 }, (_, n) => ({ email: `a${n}@x.com` })),
    )
    for (const id of world.ids.slice(0, 7)) {
      const lease = await world.pool.acquire({
        model: CLAUDE,
        exclude: new Set(world.ids.filter((other) => other !== id)),
      })
      world.pool.reportUpstreamFailure(lease, rateLimited('model'), CLAUDE)
    }
    expect(await servedIds(world.pool, 3, { model: CLAUDE })).toEqual([
      world.ids[7],
      world.ids[7],
      world.ids[7],
    ])
    // Flash is not resting anywhere: the first account serves it.
    expect((await world.pool.acquire({ model: FLASH })).accountId).toBe(world.ids[0])
  })
})

describe('session affinity', () => {
  it('keeps a conversation on its account while the random would pick others', async () => {
    const world = await openPoolWorld(
      temp.dir,
      Array.from({ length: 4 }, (_, n) => ({ email: `a${n}@x.com` })),
    )
    world.random.next = seededRandom(5)
    const first = (await world.pool.acquire({ model: CLAUDE, sessionId: 'conv-1' })).accountId
    const again = await servedIds(world.pool, 20, { model: CLAUDE, sessionId: 'conv-1' })
    expect(new Set(again)).toEqual(new Set([first]))
    expect(world.pool.sessionBindingsOf(first)).toBe(1)
    // Without a session the same random spreads.
    expect(new Set(await servedIds(world.pool, 20, { model: CLAUDE })).size).toBeGreaterThan(1)
  })

  it('drops the binding when the account rests, and binds the conversation to the next', async () => {
    const world = await openPoolWorld(temp.dir, [{ email: 'a@x.com' }, { email: 'b@x.com' }])
    const [a, b] = world.ids
    const lease = await world.pool.acquire({ model: CLAUDE, sessionId: 'conv-1' })
    expect(lease.accountId).toBe(a)
    world.pool.reportUpstreamFailure(lease, rateLimited('model'), CLAUDE)
    expect(world.pool.sessionBindingsOf(a!)).toBe(0)
    expect((await world.pool.acquire({ model: CLAUDE, sessionId: 'conv-1' })).accountId).toBe(b)
    // Back from its rest, a would rank first again: the conversation stays on b.
    world.now.ms += 61_000
    expect(await servedIds(world.pool, 3, { model: CLAUDE, sessionId: 'conv-1' })).toEqual([
      b,
      b,
      b,
    ])
    expect(world.pool.sessionBindingsOf(b!)).toBe(1)
  })

  it('drops the binding of a removed or proxy-disabled account', async () => {
    const world = await openPoolWorld(temp.dir, [
      { email: 'a@x.com' },
      { email: 'b@x.com' },
      { email: 'c@x.com' },
    ])
    const [a, b, c] = world.ids
    expect((await world.pool.acquire({ model: CLAUDE, sessionId: 's' })).accountId).toBe(a)
    await world.store.update(a!, (account) => ({ ...account, proxy_disabled: true }))
    world.pool.applyWritten([a!])
    expect(world.pool.sessionBindingsOf(a!)).toBe(0)
    expect((await world.pool.acquire({ model: CLAUDE, sessionId: 's' })).accountId).toBe(b)
    await world.store.remove(b!)
    world.pool.applyWritten([b!])
    expect(world.pool.sessionBindingsOf(b!)).toBe(0)
    expect((await world.pool.acquire({ model: CLAUDE, sessionId: 's' })).accountId).toBe(c)
  })

  it('binds nothing in performance mode', async () => {
    const world = await openPoolWorld(temp.dir, [{ email: 'a@x.com' }, { email: 'b@x.com' }], {
      scheduling: { mode: 'performance' },
    })
    world.random.next = seededRandom(9)
    const served = await servedIds(world.pool, 20, { model: CLAUDE, sessionId: 'conv-1' })
    expect(new Set(served).size).toBe(2)
    expect(world.ids.map((id) => world.pool.sessionBindingsOf(id))).toEqual([0, 0])
  })
})

describe('fixed mode', () => {
  it('serves with the chosen account, and falls back to the ranked order while it cannot', async () => {
    const world = await openPoolWorld(temp.dir, [
      { email: 'best@x.com', tier: 'ultra' },
      { email: 'chosen@x.com', tier: 'free' },
    ])
    const [best, chosen] = world.ids
    world.settings.scheduling = {
      ...world.settings.scheduling,
      mode: 'fixed',
      fixed_account_id: chosen!,
    }
    expect(await servedIds(world.pool, 3, { model: CLAUDE })).toEqual([chosen, chosen, chosen])
    const lease = await world.pool.acquire({ model: CLAUDE })
    world.pool.reportUpstreamFailure(lease, rateLimited('account'), CLAUDE)
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).toBe(best)
    world.now.ms += 61_000
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).toBe(chosen)
    // A setting naming no account (removed since) is the normal order.
    world.settings.scheduling = { ...world.settings.scheduling, fixed_account_id: 'gone' }
    expect((await world.pool.acquire({ model: CLAUDE })).accountId).toBe(best)
  })
})
