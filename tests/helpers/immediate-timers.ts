import type { Timers } from '../../src/core/runtime/timers'

/** Timers that fire on the next turn whatever the delay, and remember each delay asked for. */
export function immediateTimers(): Timers & { delays: number[] } {
  const delays: number[] = []
  return {
    delays,
    after(ms, fire) {
      delays.push(ms)
      const handle = setImmediate(fire)
      return () => clearImmediate(handle)
    },
  }
}
