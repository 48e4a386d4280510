/** The reference's pool: P2C chooses among at most this many of the best candidates. */
export const P2C_POOL_SIZE = 5

/**
 * Power of two choices among the best few (given best first): two distinct candidates drawn at
 * random, the better ranked wins (the first drawn on a tie). Spreads load over the best accounts
 * without herding every request onto the single best one, while a clearly better account still
 * wins more often. The reference compares only the remaining quota, which let a lower tier beat
 * a higher one; here tier comes first, as in the ranking. `random` returns [0, 1).
 */
export function pickPowerOfTwo<T>(
  best: readonly T[],
  ranksBefore: (a: T, b: T) => boolean,
  random: () => number,
): T | undefined {
  if (best.length <= 1) return best[0]
  const size = Math.min(best.length, P2C_POOL_SIZE)
  const first = Math.floor(random() * size) % size
  // The second is drawn among the others, so the two are always distinct.
  const second = (first + 1 + (Math.floor(random() * (size - 1)) % (size - 1))) % size
  const a = best[first] as T
  const b = best[second] as T
  return ranksBefore(b, a) ? b : a
}
