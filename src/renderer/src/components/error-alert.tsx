import type { ReactNode } from 'react'
import { errorHint } from '../format/error-hint'
import type { UiError } from '../stores/outcome'

export function ErrorAlert(props: { error: UiError | null; onDismiss?: () => void }): ReactNode {
  if (!props.error) return null
  const hint = errorHint(props.error.code)
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-message">{props.error.message}</p>
      {hint && <p className="alert-hint">{hint}</p>}
      {props.onDismiss && (
        <button type="button" className="button-quiet" onClick={props.onDismiss}>
          Dismiss
        </button>
      )}
    </div>
  )
}
