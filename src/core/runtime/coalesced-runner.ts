/**
 * Runs a task so that calls never overlap and a burst of calls made while it runs causes one more
 * run, not one each. Every caller's promise settles after a run that started after its call.
 */
export function createCoalescedRunner(task: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null
  let queued: Promise<void> | null = null

  const start = (): Promise<void> => {
    const run = task().finally(() => {
      running = null
    })
    running = run
    return run
  }

  return () => {
    if (!running) return start()
    if (!queued) {
      queued = running
        .catch(() => undefined)
        .then(() => {
          queued = null
          return start()
        })
    }
    return queued
  }
}
