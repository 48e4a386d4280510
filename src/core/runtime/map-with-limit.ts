/**
 * `Promise.all(items.map(task))` with at most `limit` tasks running at once: reading thousands of
 * files all at once queues them all on libuv's four threads and holds every buffer in memory,
 * one at a time wastes the threads.
 */
export async function mapWithLimit<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length)
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const position = next++
      results[position] = await task(items[position] as T)
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker))
  return results
}
