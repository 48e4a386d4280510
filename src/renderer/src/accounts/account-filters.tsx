import { useMemo } from 'react'
import type { ReactNode } from 'react'
import { useAccounts, useStores } from '../stores/stores-context'
import { accountFilters, countByFilter, filterLabels } from './account-filter'

export function AccountFilters(): ReactNode {
  const store = useStores().accounts
  const accounts = useAccounts((state) => state.accounts)
  const current = useAccounts((state) => state.filter)
  const counts = useMemo(() => countByFilter(accounts), [accounts])
  return (
    <div className="filters" role="group" aria-label="Show accounts">
      {accountFilters.map((filter) => (
        <button
          key={filter}
          type="button"
          aria-pressed={filter === current}
          onClick={() => store.getState().setFilter(filter)}
        >
          {`${filterLabels[filter]} (${counts[filter]})`}
        </button>
      ))}
    </div>
  )
}
