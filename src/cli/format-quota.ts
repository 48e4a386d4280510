import type { AccountDto, QuotaRefreshResultDto } from '../shared/account-dto'
import { familyQuotas } from '../shared/quota-families'

/** `2026-02-26T15:23:41Z` → `2026-02-26 15:23 UTC`; a terminal has room for no more. */
const shortTime = (iso: string | null): string => {
  if (!iso) return ''
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  return `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`
}

/** Rows of cells, padded to columns (the last cell is never padded). */
const table = (rows: string[][]): string[] => {
  const widths = rows[0]?.map((_, column) =>
    Math.max(...rows.map((row) => (row[column] ?? '').length)),
  )
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === row.length - 1 ? cell : cell.padEnd(widths?.[column] ?? 0),
      )
      .join('  ')
      .trimEnd(),
  )
}

/**
 * `agtray accounts quota`: per account its tier and, per model family, what is left and when it
 * resets; a forbidden account or one never checked says so instead.
 */
export function formatQuotaTable(
  accounts: readonly AccountDto[],
  failures: readonly QuotaRefreshResultDto[] = [],
): string {
  if (accounts.length === 0) return 'No accounts yet.'
  const rows: string[][] = [['EMAIL', 'TIER', 'FAMILY', 'LEFT', 'RESETS']]
  for (const account of accounts) {
    const quota = account.quota
    const tier = quota?.subscription_tier ?? '-'
    if (quota?.is_forbidden) {
      rows.push([account.email, tier, 'FORBIDDEN (403)', '', quota.forbidden_reason ?? ''])
      continue
    }
    // Google asked to verify it: the link tells the user what to do, and no quota comes until then.
    if (account.validation_blocked) {
      const link = account.validation_url ? ` ${account.validation_url}` : ''
      rows.push([
        account.email,
        tier,
        'VERIFY',
        '',
        `${account.validation_blocked_reason ?? ''}${link}`,
      ])
      continue
    }
    const families = familyQuotas(quota?.models ?? [])
    if (families.length === 0) {
      rows.push([account.email, tier, 'not fetched yet', '', ''])
      continue
    }
    families.forEach((family, n) =>
      rows.push([
        n === 0 ? account.email : '',
        n === 0 ? tier : '',
        family.family,
        `${family.percentage}%`,
        shortTime(family.reset_time),
      ]),
    )
  }
  const lines = table(rows)
  for (const failure of failures)
    lines.push(`${failure.email ?? failure.account_id}: ${failure.outcome}: ${failure.error ?? ''}`)
  return lines.join('\n')
}
