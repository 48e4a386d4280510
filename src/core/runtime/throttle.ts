/** Calls `task` at most once per `intervalMs`, trailing: the last call in a burst always runs. */
export function throttle(task: () => void, intervalMs: number): () => void {
  let timer: NodeJS.Timeout | null = null
  let last = 0
  return () => {
    if (timer) return
    const wait = Math.max(0, last + intervalMs - Date.now())
    timer = setTimeout(() => {
      timer = null
      last = Date.now()
      task()
    }, wait)
    timer.unref()
  }
}
