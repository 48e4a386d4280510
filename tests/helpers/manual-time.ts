import type { Clock } from '../../src/core/runtime/clock'
import type { Timers } from '../../src/core/runtime/timers'

/**
 * A clock and timers that move only when the test says: a timer fires when `advance` passes its
 * time, never by itself. Starts at the real time, so tokens and files look current.
 */
export function manualTime(start = Date.now()) {
  let now = start
  const pending = new Set<{ at: number; fire: () => void }>()
  const clock: Clock = { now: () => now }
  const timers: Timers = {
    after(ms, fire) {
      const timer = { at: now + ms, fire }
      pending.add(timer)
      return () => pending.delete(timer)
    },
  }
  return {
    clock,
    timers,
    /** Timers not fired nor cancelled yet. */
    pending: () => pending.size,
    /** Moves the clock on and fires every timer whose time came, earliest first. */
    advance(ms: number) {
      now += ms
      const due = [...pending].filter((timer) => timer.at <= now).sort((a, b) => a.at - b.at)
      for (const timer of due) {
        pending.delete(timer)
        timer.fire()
      }
    },
  }
}
