import type { PoolStatus } from '../../shared/account-dto'
import type { PoolCountsDto } from '../../shared/proxy-status-dto'
import { describeWait } from '../runtime/wait-time'

export interface AccountStanding {
  status: PoolStatus
  /** Disabled: the stored reason; cooldown: why it rests. */
  reason: string | null
  cooldownUntil: number | null
}

/** How many accounts stand where: the proxy page's counters. */
export function countStatuses(statuses: Iterable<PoolStatus>): PoolCountsDto {
  const counts: PoolCountsDto = {
    in_pool: 0,
    disabled: 0,
    proxy_disabled: 0,
    quota_protected: 0,
    cooldown: 0,
    unreadable: 0,
  }
  for (const status of statuses) {
    if (status === 'in-pool') counts.in_pool++
    else if (status === 'disabled') counts.disabled++
    else if (status === 'proxy-disabled') counts.proxy_disabled++
    else if (status === 'quota-protected') counts.quota_protected++
    else if (status === 'cooldown') counts.cooldown++
    else counts.unreadable++
  }
  return counts
}

/** `invalid_grant: Token has been…` → `invalid_grant`; free text stays as a generic label. */
const disabledCause = (reason: string | null): string => {
  const head = reason?.split(':')[0]?.trim() ?? ''
  return /^[a-z][a-z0-9_]*$/i.test(head) && head.length <= 40 ? head : 'other reason'
}

/**
 * Why no account can serve, for the 503 a client gets: for example
 * `no enabled accounts: 2 disabled (invalid_grant), 1 proxy-disabled`.
 */
export function describeNoAccount(
  standings: readonly AccountStanding[],
  now: number,
  lastFailure: string | null,
): string {
  if (standings.length === 0) {
    return 'no accounts: add one with `agtray login`, `agtray accounts add --refresh-token …` or the app'
  }
  const parts: string[] = []
  const disabledByCause = new Map<string, number>()
  for (const standing of standings) {
    if (standing.status !== 'disabled') continue
    const cause = disabledCause(standing.reason)
    disabledByCause.set(cause, (disabledByCause.get(cause) ?? 0) + 1)
  }
  for (const [cause, count] of disabledByCause) parts.push(`${count} disabled (${cause})`)
  const counts = countStatuses(standings.map((standing) => standing.status))
  if (counts.quota_protected) parts.push(`${counts.quota_protected} quota-protected`)
  if (counts.proxy_disabled) parts.push(`${counts.proxy_disabled} proxy-disabled`)
  if (counts.cooldown) {
    const soonest = Math.min(
      ...standings.filter((s) => s.status === 'cooldown').map((s) => s.cooldownUntil ?? now),
    )
    parts.push(
      `${counts.cooldown} resting after a failure (next back in ${describeWait(soonest - now)})`,
    )
  }
  if (counts.unreadable)
    parts.push(`${counts.unreadable} unreadable file${counts.unreadable > 1 ? 's' : ''}`)
  const summary = parts.join(', ')
  if (counts.in_pool > 0 || lastFailure) {
    const cause = lastFailure ? ` (last error: ${lastFailure})` : ''
    return `no account could serve this request${cause}${summary ? `; ${summary}` : ''}`
  }
  return `no enabled accounts: ${summary}`
}
