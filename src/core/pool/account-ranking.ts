import type { AccountFile } from '../accounts/account-schema'
import { familyPercentage } from './quota-protection'

/** Better subscriptions first: ultra, pro, free, then anything else or unknown (the reference's). */
export function tierRank(tier: string | null | undefined): number {
  const name = tier?.toLowerCase() ?? ''
  if (name.includes('ultra')) return 0
  if (name.includes('pro')) return 1
  if (name.includes('free')) return 2
  return 3
}

/**
 * The order selection walks for one model family: higher tier first, then more remaining quota
 * for the family. An account whose quota was never fetched (or does not list the family) comes
 * after every account of its tier whose quota is known: it may serve, but a known-good account
 * is the safer bet. Ties keep the index's order (the sort is stable).
 */
export interface RankedAccount {
  account: AccountFile
  /** tierRank of its subscription. */
  tier: number
  /** Its remaining percentage for the family; null when unknown. */
  percentage: number | null
}

/** Whether `a` ranks strictly before `b`: a better tier, or the same tier and more quota left. */
export const ranksBefore = (a: RankedAccount, b: RankedAccount): boolean =>
  a.tier < b.tier || (a.tier === b.tier && (a.percentage ?? -1) > (b.percentage ?? -1))

export function rankForFamily(accounts: readonly AccountFile[], family: string): RankedAccount[] {
  const keyed = accounts.map((account) => ({
    account,
    tier: tierRank(account.quota?.subscription_tier),
    percentage: familyPercentage(account, family),
  }))
  keyed.sort((a, b) => a.tier - b.tier || (b.percentage ?? -1) - (a.percentage ?? -1))
  return keyed
}

export interface RankedCandidates {
  /**
   * The accounts that may serve the family (eligible, not protected for it), best first. Built
   * once per change of the pool or of quota protection, not per request.
   */
  forFamily(family: string): readonly RankedAccount[]
}

/** Families seen are few (Claude, Gemini Pro, Flash…); raw model names could be many. */
const MAX_CACHED_FAMILIES = 64

export function createRankedCandidates(deps: {
  eligible(): readonly AccountFile[]
  /** Bumped whenever `eligible` changes. */
  rosterVersion(): number
  /** Bumped whenever a protection decision (or the protection settings) changed. */
  protectionVersion(): number
  isProtected(account: AccountFile, family: string): boolean
}): RankedCandidates {
  let builtRoster = -1
  let builtProtection = -1
  const cache = new Map<string, RankedAccount[]>()
  return {
    forFamily(family) {
      const roster = deps.rosterVersion()
      const protection = deps.protectionVersion()
      if (roster !== builtRoster || protection !== builtProtection) {
        cache.clear()
        builtRoster = roster
        builtProtection = protection
      }
      let ranked = cache.get(family)
      if (!ranked) {
        const servable = deps.eligible().filter((account) => !deps.isProtected(account, family))
        ranked = rankForFamily(servable, family)
        if (cache.size >= MAX_CACHED_FAMILIES) cache.clear()
        cache.set(family, ranked)
      }
      return ranked
    },
  }
}
