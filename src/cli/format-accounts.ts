import type { AccountDto, AccountListDto, UpsertResultDto } from '../shared/account-dto'

const statusLabel = (account: AccountDto): string => {
  switch (account.pool_status) {
    case 'in-pool':
      return account.validation_blocked ? 'VERIFY' : 'in pool'
    case 'cooldown':
      return account.validation_blocked ? 'VERIFY' : 'resting'
    case 'disabled':
      return 'DISABLED'
    case 'proxy-disabled':
      return 'proxy-disabled'
    case 'quota-protected':
      return 'quota-protected'
    default:
      return account.pool_status
  }
}

const reasonOf = (account: AccountDto): string => {
  if (account.pool_status === 'disabled') return account.disabled_reason ?? ''
  if (account.pool_status === 'proxy-disabled') return account.proxy_disabled_reason ?? ''
  if (account.validation_blocked) return verificationOf(account)
  // In the pool, yet not for every model: quota protection keeps it off these families.
  if (account.protected_models.length > 0)
    return `not serving ${account.protected_models.join(', ')} (quota under the threshold)`
  return ''
}

/** What Google asks, and where: the link is printed whole so a terminal can open it. */
const verificationOf = (account: AccountDto): string =>
  [
    account.validation_blocked_reason ?? 'Google asks to verify this account',
    account.validation_url,
  ]
    .filter(Boolean)
    .join(' ')

const pad = (text: string, width: number): string => text.padEnd(width)

/** A plain table for `agtray accounts list`. */
export function formatAccountTable(list: AccountListDto): string {
  if (list.accounts.length === 0 && list.unreadable.length === 0) {
    return 'No accounts yet. Add one with `agtray login` or `agtray accounts add --refresh-token <token>`.'
  }
  // The tier sits before the email: the reason, which may be long, stays the last column.
  const rows = list.accounts.map((account) => [
    account.id,
    account.subscription_tier ?? '-',
    account.email,
    statusLabel(account),
    reasonOf(account),
  ])
  const header = ['ID', 'TIER', 'EMAIL', 'STATUS', 'REASON']
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  )
  const lines = [header, ...rows].map((row) =>
    row
      .map((cell, column) => (column === row.length - 1 ? cell : pad(cell, widths[column] ?? 0)))
      .join('  ')
      .trimEnd(),
  )
  for (const entry of list.unreadable)
    lines.push(`${entry.id}  (unreadable: ${entry.file}: ${entry.error})`)
  return lines.join('\n')
}

export function describeUpsert(result: UpsertResultDto): string {
  const { account } = result
  if (result.created) return `Added ${account.email} (${account.id})`
  if (result.reenabled)
    return `Updated ${account.email} (${account.id}): new token, no longer disabled`
  if (account.disabled)
    return `Updated ${account.email} (${account.id}); it is still disabled: ${account.disabled_reason ?? ''}`
  return `Updated ${account.email} (${account.id})`
}
