import type { Timers } from '../../src/core/runtime/timers'

/**
 * Timers the test fires by hand, whatever their delay: a deadline passes or a schedule runs
 * exactly when the test says. Each remembers the delay it was set for.
 */
export function manualTimers() {
  const pending = new Map<() => void, number>()
  const timers: Timers = {
    after(ms, fire) {
      pending.set(fire, ms)
      return () => pending.delete(fire)
    },
  }
  return {
    timers,
    /** The delays of the timers not fired nor cancelled yet. */
    delays: () => [...pending.values()],
    pending: () => pending.size,
    fireAll() {
      for (const fire of [...pending.keys()]) {
        pending.delete(fire)
        fire()
      }
    },
  }
}
