/** Timers as the core sees them; tests pass ones they fire by hand. */
export interface Timers {
  /** Calls `fire` after `ms`; the returned function cancels it. Never keeps the process alive. */
  after(ms: number, fire: () => void): () => void
}

export const systemTimers: Timers = {
  after(ms, fire) {
    const timer = setTimeout(fire, ms)
    timer.unref()
    return () => clearTimeout(timer)
  },
}
