/**
 * holdStreams(): streams pause after their first event until every hold that existed at that
 * moment is released, so a test can act (cancel, close, inspect) while a stream is open.
 */
export interface StreamHolds {
  hold(): () => void
  /** Resolves once the holds present now are released, or when the signal aborts. */
  wait(signal: AbortSignal): Promise<void>
  releaseAll(): void
}

export function createStreamHolds(): StreamHolds {
  const holds = new Set<{ released: Promise<void>; release: () => void }>()
  return {
    hold() {
      let release!: () => void
      const released = new Promise<void>((resolve) => (release = resolve))
      const entry = { released, release }
      holds.add(entry)
      return () => {
        holds.delete(entry)
        entry.release()
      }
    },
    async wait(signal) {
      if (holds.size === 0 || signal.aborted) return
      const aborted = new Promise<void>((resolve) =>
        signal.addEventListener('abort', () => resolve(), { once: true }),
      )
      await Promise.race([Promise.all([...holds].map((entry) => entry.released)), aborted])
    },
    releaseAll() {
      for (const entry of holds) entry.release()
      holds.clear()
    },
  }
}
