import type { ProxyError } from './protocol-errors'
import { isWaitable } from './retry-advice'

/** Google's refusal of one account during a request, translated for the client. */
export interface Refusal {
  error: ProxyError
  /** When that account may serve this model again (its rest ends); null when it does not rest. */
  backAt: number | null
}

/** Rest ends computed a few milliseconds apart still name the same moment. */
const SAME_MOMENT_MS = 1000

/**
 * What the client hears after Google refused every account a request tried.
 *
 * While some account could serve at once (one left untried by the attempt limit, or one that
 * does not rest), the last refusal goes out with Google's own retry hint, as Google said it.
 *
 * When every account rests (`retryAt`, from the pool), the last refusal is the wrong news: it
 * speaks for one account, maybe the one whose quota resets in 108 hours while another is back in
 * a second. The client can next be served when the first account is back, so it hears the
 * refusal of the account among those tried that is back first (Google's words and details kept
 * whole, so gemini-cli reading them sees a short rate limit, not an exhausted quota), and is told
 * to wait until `retryAt`, which may be sooner still (an account resting from an earlier
 * request). One exception: agtray caps a rest at a day, so when that account is the first back
 * and Google named a longer wait for it, Google's wait is the truer one. A refusal that waiting
 * does not cure (a 403 verification) carries no wait.
 */
export function chooseRefusal(
  refusals: readonly Refusal[],
  retryAt: number | null,
  now: number,
): ProxyError | null {
  const last = refusals.at(-1)
  if (!last || retryAt === null) return last?.error ?? null
  let first: Refusal = last
  for (const refusal of refusals) {
    if (refusal.backAt === null) continue
    // On a tie the later refusal wins: it is the newer news.
    if (first.backAt === null || refusal.backAt <= first.backAt) first = refusal
  }
  const { error, backAt } = first
  if (!isWaitable(error.status)) return error
  const firstBack = backAt !== null && backAt - retryAt < SAME_MOMENT_MS
  const googleWait = firstBack ? (error.retryAfterMs ?? 0) : 0
  return { ...error, retryAfterMs: Math.max(retryAt - now, googleWait) }
}
