import { describe, expect, it } from 'vitest'
import { decideWait } from '../../../src/core/http/ai/wait-decision'

describe('decideWait', () => {
  const now = 1_000_000

  it('waits for an account back within the bound', () => {
    expect(decideWait({ backAt: now + 1200, now, waitedMs: 0, maxWaitMs: 5000 })).toEqual({
      kind: 'wait',
      ms: 1200,
    })
    expect(decideWait({ backAt: now + 5000, now, waitedMs: 0, maxWaitMs: 5000 })).toEqual({
      kind: 'wait',
      ms: 5000,
    })
  })

  it('answers at once when the first account is back later than the bound', () => {
    expect(decideWait({ backAt: now + 5001, now, waitedMs: 0, maxWaitMs: 5000 })).toEqual({
      kind: 'answer',
    })
  })

  it('counts what the request already waited against the bound', () => {
    expect(decideWait({ backAt: now + 1500, now, waitedMs: 4000, maxWaitMs: 5000 })).toEqual({
      kind: 'answer',
    })
    expect(decideWait({ backAt: now + 1000, now, waitedMs: 4000, maxWaitMs: 5000 })).toEqual({
      kind: 'wait',
      ms: 1000,
    })
  })

  it('never waits when no account comes back by itself, or when waiting is off', () => {
    expect(decideWait({ backAt: null, now, waitedMs: 0, maxWaitMs: 5000 })).toEqual({
      kind: 'answer',
    })
    expect(decideWait({ backAt: now + 10, now, waitedMs: 0, maxWaitMs: 0 })).toEqual({
      kind: 'answer',
    })
  })

  it('waits at least a millisecond for a rest ending now, so a retry finds it over', () => {
    expect(decideWait({ backAt: now, now, waitedMs: 0, maxWaitMs: 5000 })).toEqual({
      kind: 'wait',
      ms: 1,
    })
  })
})
