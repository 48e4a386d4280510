import type { AccountDto } from '../shared/account-dto'
import type { QuotaFamily } from '../shared/quota-families'
import { familyQuotas, quotaFamilyOrder } from '../shared/quota-families'

/** What the pool can still serve, per model family, and which account has the most left. */
export interface PoolQuota {
  /** The serving account with the most quota left overall; null when no quota is known. */
  bestEmail: string | null
  families: {
    family: QuotaFamily
    /** The most any serving account has left for the family. */
    best: number
    /** Serving accounts with some quota left for the family, of those that report it. */
    withQuota: number
    reporting: number
  }[]
}

/** Only accounts in the pool count: a forbidden or disabled account's quota serves nobody. */
export function poolQuota(accounts: readonly AccountDto[]): PoolQuota {
  const serving = accounts.filter((account) => account.in_pool && account.quota)
  const totals = new Map<QuotaFamily, { best: number; withQuota: number; reporting: number }>()
  let best: { email: string; score: number } | null = null
  for (const account of serving) {
    const families = familyQuotas(account.quota?.models ?? [])
    if (families.length === 0) continue
    const score = families.reduce((sum, family) => sum + family.percentage, 0) / families.length
    if (!best || score > best.score) best = { email: account.email, score }
    for (const family of families) {
      const total = totals.get(family.family) ?? { best: 0, withQuota: 0, reporting: 0 }
      total.best = Math.max(total.best, family.percentage)
      total.reporting++
      if (family.percentage > 0) total.withQuota++
      totals.set(family.family, total)
    }
  }
  return {
    bestEmail: best?.email ?? null,
    families: quotaFamilyOrder.flatMap((family) => {
      const total = totals.get(family)
      return total ? [{ family, ...total }] : []
    }),
  }
}

/**
 * The tray's quota lines: `Best account: ana@example.com`, then `Claude: 64% · 2 of 3 accounts`.
 * None until a quota was fetched, so the menu stays as it was for a user who never fetched one.
 */
export function trayQuotaLines(accounts: readonly AccountDto[]): string[] {
  const quota = poolQuota(accounts)
  if (!quota.bestEmail) return []
  return [
    `Best account: ${quota.bestEmail}`,
    ...quota.families.map(
      (family) =>
        `${family.family}: ${family.best}% · ${family.withQuota} of ${family.reporting} account${family.reporting === 1 ? '' : 's'}`,
    ),
  ]
}
