/** Counts streamed answers still being written, so tests can see a client's abort reach Google. */
export interface OpenStreams {
  readonly count: number
  /** Marks one stream open; call the returned function once when it ends, however it ends. */
  open(): () => void
}

export function createOpenStreams(): OpenStreams {
  let count = 0
  return {
    get count() {
      return count
    },
    open() {
      count += 1
      let closed = false
      return () => {
        if (!closed) count -= 1
        closed = true
      }
    },
  }
}
