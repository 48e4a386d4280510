/**
 * A wait as clients are told it: whole seconds, rounded up so a client never comes back early,
 * and at least one (`Retry-After: 0` would invite an immediate retry storm).
 */
export function waitSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000))
}

/**
 * A wait for a human reading an error: `12s`, `4m10s`, `108h48m` (Google's own style; seconds
 * stop mattering once the wait is counted in hours).
 */
export function describeWait(ms: number): string {
  const total = waitSeconds(ms)
  if (total < 60) return `${total}s`
  const hours = Math.floor(total / 3600)
  const minutes = Math.floor((total % 3600) / 60)
  const seconds = total % 60
  if (hours > 0) return minutes > 0 ? `${hours}h${minutes}m` : `${hours}h`
  return seconds > 0 ? `${minutes}m${seconds}s` : `${minutes}m`
}
