import type { ReactNode } from 'react'
import type { AccountDto } from '../../../shared/account-dto'
import { ConfirmDialog } from '../components/confirm-dialog'
import { useAccounts, useStores } from '../stores/stores-context'

export function DeleteAccountDialog(props: {
  account: AccountDto
  onClose: () => void
}): ReactNode {
  const store = useStores().accounts
  const busy = useAccounts((state) => state.busy[props.account.id] === 'removing')

  const confirm = async (): Promise<void> => {
    await store.getState().remove(props.account.id)
    props.onClose()
  }

  return (
    <ConfirmDialog
      title={`Delete ${props.account.email}?`}
      confirmLabel="Delete"
      busyLabel="Deleting…"
      busy={busy}
      danger
      onConfirm={() => void confirm()}
      onCancel={props.onClose}
    >
      <p>
        agtray forgets this account and deletes its file. To use it again, you will have to add it
        again.
      </p>
    </ConfirmDialog>
  )
}
