import { useId, useState } from 'react'
import type { FormEvent, ReactNode } from 'react'
import type { AccountDto } from '../../../shared/account-dto'
import { Dialog } from '../components/dialog'
import { useAccounts, useStores } from '../stores/stores-context'

/** Asks for an optional reason; an error shows on the page once the dialog has closed. */
export function DisableProxyDialog(props: { account: AccountDto; onClose: () => void }): ReactNode {
  const store = useStores().accounts
  const busy = useAccounts((state) => state.busy[props.account.id] === 'disabling')
  const [reason, setReason] = useState('')
  const reasonId = useId()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    await store.getState().setProxyDisabled(props.account.id, true, reason.trim() || null)
    props.onClose()
  }

  return (
    <Dialog title={`Disable ${props.account.email} for the proxy?`} onClose={props.onClose}>
      <form onSubmit={(event) => void submit(event)}>
        <p className="dialog-body">
          The proxy stops using this account until you enable it again. Its sign-in is kept.
        </p>
        <label htmlFor={reasonId}>Reason (optional)</label>
        <input
          id={reasonId}
          type="text"
          maxLength={500}
          value={reason}
          onChange={(event) => setReason(event.target.value)}
        />
        <div className="dialog-actions">
          <button type="button" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" className="button-primary" disabled={busy}>
            {busy ? 'Disabling…' : 'Disable'}
          </button>
        </div>
      </form>
    </Dialog>
  )
}
