/** What a request does when no account can serve it now. */
export type WaitDecision = { kind: 'wait'; ms: number } | { kind: 'answer' }

/**
 * Waits for the first account back when that is soon: a client told "429, retry in 1 s" retries
 * anyway (or gives up), while agtray can hold the request that second and then serve it.
 * `backAt` is when the first account may serve again (null: none comes back by itself);
 * `waitedMs` is what this request already waited, so the bound holds for the whole request
 * however many times every account rests again.
 */
export function decideWait(options: {
  backAt: number | null
  now: number
  waitedMs: number
  maxWaitMs: number
}): WaitDecision {
  const { backAt, now, waitedMs, maxWaitMs } = options
  if (backAt === null || maxWaitMs <= 0) return { kind: 'answer' }
  // At least 1 ms: a rest that ends "now" by one clock ends a moment later by another.
  const ms = Math.max(1, backAt - now)
  return waitedMs + ms <= maxWaitMs ? { kind: 'wait', ms } : { kind: 'answer' }
}
