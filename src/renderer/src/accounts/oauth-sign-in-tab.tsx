import type { ReactNode } from 'react'
import { ErrorAlert } from '../components/error-alert'
import { useEnvironment } from '../environment'
import { useOAuth, useStores } from '../stores/stores-context'

/** Starts the sign-in and closes the dialog: the accounts page shows the wait and its end. */
export function OAuthSignInTab(props: { onStarted: () => void }): ReactNode {
  const store = useStores().oauth
  const starting = useOAuth((state) => state.starting === 'new')
  const error = useOAuth((state) => state.error)
  const web = useEnvironment().kind === 'web'

  const start = async (): Promise<void> => {
    const outcome = await store.getState().start(null)
    if (outcome.ok) props.onStarted()
  }

  return (
    <div>
      <p className="help">
        {web
          ? 'Google’s sign-in page opens in a new tab. Allow access there; the account then appears in the list.'
          : 'Google’s sign-in page opens in a window. Allow access there; the account then appears in the list.'}
      </p>
      <div className="dialog-actions">
        <button
          type="button"
          className="button-primary"
          disabled={starting}
          onClick={() => void start()}
        >
          {starting ? 'Opening Google…' : 'Sign in with Google'}
        </button>
      </div>
      <ErrorAlert error={error} onDismiss={() => store.getState().dismissError()} />
    </div>
  )
}
