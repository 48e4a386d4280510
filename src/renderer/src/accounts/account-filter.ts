import type { AccountDto } from '../../../shared/account-dto'
import type { AccountFilter } from '../stores/accounts-store'

export const accountFilters: readonly AccountFilter[] = [
  'all',
  'active',
  'disabled',
  'proxy-disabled',
]

export const filterLabels: Record<AccountFilter, string> = {
  all: 'All',
  active: 'Active',
  disabled: 'Disabled',
  'proxy-disabled': 'Proxy-disabled',
}

/** An account both disabled and proxy-disabled shows under both filters. */
export function matchesFilter(account: AccountDto, filter: AccountFilter): boolean {
  switch (filter) {
    case 'all':
      return true
    case 'active':
      return !account.disabled && !account.proxy_disabled
    case 'disabled':
      return account.disabled
    case 'proxy-disabled':
      return account.proxy_disabled
  }
}

export const countByFilter = (accounts: readonly AccountDto[]): Record<AccountFilter, number> => ({
  all: accounts.length,
  active: accounts.filter((account) => matchesFilter(account, 'active')).length,
  disabled: accounts.filter((account) => account.disabled).length,
  'proxy-disabled': accounts.filter((account) => account.proxy_disabled).length,
})
