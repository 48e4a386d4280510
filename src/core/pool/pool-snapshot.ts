import type { PoolStatus } from '../../shared/account-dto'
import type { UnreadableAccount } from '../accounts/account-store'
import type { AccountFile } from '../accounts/account-schema'
import type { SkipDecision } from './pool-eligibility'

/**
 * What the pool knows at one moment: every readable account in the index's order, which of them
 * may serve, and why the others may not. Replaced as a whole on reload, so a request in flight
 * keeps the view it started with.
 */
export interface PoolSnapshot {
  readonly accounts: readonly AccountFile[]
  readonly skipped: ReadonlyMap<string, SkipDecision>
  readonly unreadable: readonly UnreadableAccount[]
}

export const emptySnapshot: PoolSnapshot = { accounts: [], skipped: new Map(), unreadable: [] }

export function withSkip(snapshot: PoolSnapshot, id: string, decision: SkipDecision): PoolSnapshot {
  const skipped = new Map(snapshot.skipped)
  skipped.set(id, decision)
  return { ...snapshot, skipped }
}

export interface Cooldown {
  until: number
  reason: string
}

export function poolStatusOf(
  snapshot: PoolSnapshot,
  id: string,
  cooldown: Cooldown | undefined,
  now: number,
): PoolStatus {
  const skip = snapshot.skipped.get(id)
  if (skip) return skip.kind
  if (cooldown && cooldown.until > now) return 'cooldown'
  return 'in-pool'
}
