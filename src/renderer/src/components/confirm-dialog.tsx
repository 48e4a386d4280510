import type { ReactNode } from 'react'
import { Dialog } from './dialog'

export interface ConfirmDialogProps {
  title: string
  children: ReactNode
  confirmLabel: string
  busyLabel: string
  busy: boolean
  danger?: boolean
  onConfirm: () => void
  onCancel: () => void
}

/** Cancel comes first, so Enter on the focused first control never destroys anything. */
export function ConfirmDialog(props: ConfirmDialogProps): ReactNode {
  return (
    <Dialog title={props.title} onClose={props.onCancel}>
      <div className="dialog-body">{props.children}</div>
      <div className="dialog-actions">
        <button type="button" onClick={props.onCancel}>
          Cancel
        </button>
        <button
          type="button"
          className={props.danger ? 'button-danger' : 'button-primary'}
          disabled={props.busy}
          onClick={props.onConfirm}
        >
          {props.busy ? props.busyLabel : props.confirmLabel}
        </button>
      </div>
    </Dialog>
  )
}
