import { describe, expect, it, vi } from 'vitest'
import type { AccountDto } from '../../../src/shared/account-dto'
import type { AvailableModelsAnswer } from '../../../src/core/google/available-models-client'
import type { AccountFile } from '../../../src/core/accounts/account-schema'
import type { AccountStore } from '../../../src/core/accounts/account-store'
import { createQuotaRefresher } from '../../../src/core/quota/quota-refresher'
import { createQuotaScheduler } from '../../../src/core/quota/quota-scheduler'
import { makeAccountDto } from '../../helpers/dto-fixtures'
import { createMemoryLogger } from '../../helpers/memory-logger'
import { manualTimers } from '../../helpers/manual-timers'

const deferred = <T>() => {
  let resolve!: (value: T) => void
  const promise = new Promise<T>((done) => (resolve = done))
  return { promise, resolve }
}

describe('the quota schedule', () => {
  it('runs every interval, never two runs at once, and follows the setting', async () => {
    const clock = manualTimers()
    let interval: number | null = 15 * 60_000
    const runs: ReturnType<typeof deferred<void>>[] = []
    const scheduler = createQuotaScheduler({
      timers: clock.timers,
      intervalMs: () => interval,
      run: () => {
        const run = deferred<void>()
        runs.push(run)
        return run.promise
      },
      logger: createMemoryLogger(),
    })
    scheduler.start()
    expect(runs).toHaveLength(0)
    expect(clock.delays()).toEqual([15 * 60_000])

    clock.fireAll()
    expect(runs).toHaveLength(1)
    // A slow run: no timer is armed until it ends, so runs never pile up.
    expect(clock.delays()).toEqual([])
    scheduler.reschedule()
    expect(clock.delays()).toEqual([])
    runs[0]!.resolve()
    await vi.waitFor(() => expect(clock.delays()).toEqual([15 * 60_000]))

    interval = 60_000
    scheduler.reschedule()
    expect(clock.delays()).toEqual([60_000])
    interval = null
    scheduler.reschedule()
    expect(clock.delays()).toEqual([])
    interval = 60_000
    scheduler.reschedule()
    scheduler.stop()
    expect(clock.delays()).toEqual([])
    clock.fireAll()
    expect(runs).toHaveLength(1)
  })
})

describe('refreshing all quotas', () => {
  it('asks Google for at most four accounts at a time and answers for every one', async () => {
    const ids = Array.from({ length: 10 }, (_, n) => `acc-${n}`)
    const dtos = new Map<string, AccountDto>(
      ids.map((id) => [id, makeAccountDto({ id, email: `${id}@example.com` })]),
    )
    const waiting: { token: string; answer: ReturnType<typeof deferred<AvailableModelsAnswer>> }[] =
      []
    let running = 0
    let most = 0
    const written: string[] = []
    const batches: string[][] = []
    const refresher = createQuotaRefresher({
      pool: {
        list: () => ({ accounts: [...dtos.values()], unreadable: [] }),
        dto: (id) => dtos.get(id),
        leaseFor: async (id) => ({
          ok: true,
          lease: {
            accountId: id,
            email: `${id}@x`,
            accessToken: `token-${id}`,
            projectId: 'p',
            proxyUrl: null,
          },
        }),
        reportUpstreamFailure: () => undefined,
      },
      store: {
        update: async (id: string, change: (account: AccountFile) => AccountFile | null) =>
          change({ id, email: `${id}@x`, token: { access_token: 'a', refresh_token: 'r' } })!,
      } as unknown as AccountStore,
      client: {
        fetch: async (accessToken) => {
          running++
          most = Math.max(most, running)
          const answer = deferred<AvailableModelsAnswer>()
          waiting.push({ token: accessToken, answer })
          const result = await answer.promise
          running--
          return result
        },
      },
      logger: createMemoryLogger(),
      clock: { now: () => 1_700_000_000_000 },
      onWritten: (id) => void written.push(id),
      onBatchWritten: (ids) => void batches.push([...ids]),
    })
    const all = refresher.refreshAll()
    let answered = 0
    while (answered < ids.length) {
      // Google holds every answer until the test gives it: the refresher must stop at four.
      await vi.waitFor(() => expect(waiting.length).toBe(Math.min(4, ids.length - answered)))
      expect(running).toBe(waiting.length)
      for (const { token, answer } of waiting.splice(0)) {
        answered++
        answer.resolve(
          token === 'token-acc-3'
            ? { kind: 'failed', message: 'Google answered 503', status: 503 }
            : { kind: 'quota', models: [] },
        )
      }
    }
    const results = await all
    expect(most).toBe(4)
    expect(results.map((result) => result.outcome)).toEqual(
      ids.map((id) => (id === 'acc-3' ? 'failed' : 'refreshed')),
    )
    expect(written.sort()).toEqual(ids.filter((id) => id !== 'acc-3').sort())
    // One announcement for the whole refresh, not one per account.
    expect(batches.map((batch) => [...batch].sort())).toEqual([
      ids.filter((id) => id !== 'acc-3').sort(),
    ])
  })
})
