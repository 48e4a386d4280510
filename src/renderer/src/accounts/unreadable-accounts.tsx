import type { ReactNode } from 'react'
import { useAccounts } from '../stores/stores-context'

export function UnreadableAccounts(): ReactNode {
  const unreadable = useAccounts((state) => state.unreadable)
  if (unreadable.length === 0) return null
  return (
    <section className="unreadable" aria-labelledby="unreadable-heading">
      <h2 id="unreadable-heading">Unreadable account files</h2>
      <p className="help">
        agtray leaves these files untouched and does not use them. Fix or remove them in the data
        folder; the list updates by itself.
      </p>
      <ul>
        {unreadable.map((entry) => (
          <li key={entry.id}>
            <code>{entry.file}</code>: {entry.error}
          </li>
        ))}
      </ul>
    </section>
  )
}
