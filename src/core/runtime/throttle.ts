export interface Throttled {
  (): void
  /** Drops a pending run (the owner is closing). */
  cancel(): void
}

/** Calls `task` at most once per `intervalMs`, trailing: the last call in a burst always runs. */
export function throttle(task: () => void, intervalMs: number): Throttled {
  let timer: NodeJS.Timeout | null = null
  let last = 0
  const run = (): void => {
    if (timer) return
    const wait = Math.max(0, last + intervalMs - Date.now())
    timer = setTimeout(() => {
      timer = null
      last = Date.now()
      task()
    }, wait)
    timer.unref()
  }
  return Object.assign(run, {
    cancel() {
      if (timer) clearTimeout(timer)
      timer = null
    },
  })
}
