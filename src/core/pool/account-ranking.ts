import type { AccountFile } from '../accounts/account-schema'
import { familyOf as uncachedFamilyOf } from './quota-protection'

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
  /** The account's id: the pool holds its current file (a token refresh does not re-rank). */
  id: string
  /** tierRank of its subscription. */
  tier: number
  /** Its remaining percentage for the family; null when unknown. */
  percentage: number | null
}

/** Whether `a` ranks strictly before `b`: a better tier, or the same tier and more quota left. */
export const ranksBefore = (a: RankedAccount, b: RankedAccount): boolean =>
  a.tier < b.tier || (a.tier === b.tier && (a.percentage ?? -1) > (b.percentage ?? -1))

/** The account's best remaining percentage for the family; null when its quota does not say. */
export function familyPercentage(
  account: AccountFile,
  family: string,
  familyOf: (model: string) => string = uncachedFamilyOf,
): number | null {
  const models = account.quota?.models
  if (!models?.length) return null
  let best: number | null = null
  for (const model of models) {
    if (model.name !== family && familyOf(model.name) !== family) continue
    if (best === null || model.percentage > best) best = model.percentage
  }
  return best
}

/** What ranking reads from an account: when it is the same, a new version of the file ranks the same. */
export function rankingInputs(account: AccountFile): string {
  const quota = account.quota
  if (!quota) return ''
  const models = quota.models?.map((model) => `${model.name}:${model.percentage}`).join(',') ?? ''
  return `${quota.subscription_tier ?? ''}|${models}`
}

export function rankForFamily(
  accounts: readonly AccountFile[],
  family: string,
  familyOf?: (model: string) => string,
): RankedAccount[] {
  const keyed = accounts.map((account) => ({
    id: account.id,
    tier: tierRank(account.quota?.subscription_tier),
    percentage: familyPercentage(account, family, familyOf),
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
  /**
   * Grows whenever what ranking reads may have changed: which accounts are eligible and in what
   * order, an account's tier or quota, a protection decision. Not on a token refresh: at 10,000
   * accounts a ranking costs milliseconds, and tokens change several times a second.
   */
  version(): number
  isProtected(account: AccountFile, family: string): boolean
  familyOf(model: string): string
}): RankedCandidates {
  let built = -1
  const cache = new Map<string, RankedAccount[]>()
  return {
    forFamily(family) {
      const version = deps.version()
      if (version !== built) {
        cache.clear()
        built = version
      }
      let ranked = cache.get(family)
      if (!ranked) {
        const servable = deps.eligible().filter((account) => !deps.isProtected(account, family))
        ranked = rankForFamily(servable, family, deps.familyOf)
        if (cache.size >= MAX_CACHED_FAMILIES) cache.clear()
        cache.set(family, ranked)
      }
      return ranked
    },
  }
}
