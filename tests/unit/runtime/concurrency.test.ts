import { describe, expect, it } from 'vitest'
import { createCoalescedRunner } from '../../../src/core/runtime/coalesced-runner'
import { createKeyedQueue } from '../../../src/core/runtime/keyed-queue'
import { createSingleFlight } from '../../../src/core/runtime/single-flight'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('createSingleFlight', () => {
  it('runs one task per key for every caller waiting on it, then forgets it', async () => {
    const flight = createSingleFlight<number>()
    let calls = 0
    const task = async () => {
      calls++
      await tick()
      return 7
    }
    const results = await Promise.all(Array.from({ length: 50 }, () => flight.run('a', task)))
    expect(results.every((value) => value === 7)).toBe(true)
    expect(calls).toBe(1)
    await flight.run('a', task)
    expect(calls).toBe(2)
  })

  it('shares a failure too', async () => {
    const flight = createSingleFlight<number>()
    let calls = 0
    const task = async () => {
      calls++
      await tick()
      throw new Error('no')
    }
    const settled = await Promise.allSettled([flight.run('k', task), flight.run('k', task)])
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected'])
    expect(calls).toBe(1)
  })
})

describe('createKeyedQueue', () => {
  it('never interleaves tasks of one key, and runs the next after a failure', async () => {
    const queue = createKeyedQueue()
    const log: string[] = []
    const task =
      (name: string, fail = false) =>
      async () => {
        log.push(`${name}:start`)
        await tick()
        log.push(`${name}:end`)
        if (fail) throw new Error(name)
      }
    await Promise.allSettled([
      queue.run('f', task('a', true)),
      queue.run('f', task('b')),
      queue.run('f', task('c')),
    ])
    expect(log).toEqual(['a:start', 'a:end', 'b:start', 'b:end', 'c:start', 'c:end'])
  })
})

describe('createCoalescedRunner', () => {
  it('runs once more for a burst of calls made while running, never overlapping', async () => {
    let running = 0
    let runs = 0
    let overlap = false
    const run = createCoalescedRunner(async () => {
      running++
      if (running > 1) overlap = true
      runs++
      await tick()
      running--
    })
    const first = run()
    const burst = Array.from({ length: 10 }, () => run())
    await Promise.all([first, ...burst])
    expect(runs).toBe(2)
    expect(overlap).toBe(false)
  })
})
