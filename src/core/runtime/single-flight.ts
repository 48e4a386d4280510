/**
 * Shares one in-flight promise per key among every caller that asks while it runs, so that 50
 * requests waiting on the same account's token cause one refresh call to Google.
 */
export interface SingleFlight<T> {
  run(key: string, task: () => Promise<T>): Promise<T>
  has(key: string): boolean
}

export function createSingleFlight<T>(): SingleFlight<T> {
  const inFlight = new Map<string, Promise<T>>()
  return {
    run(key, task) {
      const running = inFlight.get(key)
      if (running) return running
      const started = task().finally(() => inFlight.delete(key))
      inFlight.set(key, started)
      return started
    },
    has: (key) => inFlight.has(key),
  }
}
