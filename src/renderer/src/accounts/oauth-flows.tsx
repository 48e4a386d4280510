import type { ReactNode } from 'react'
import type { OAuthFinishedDto } from '../../../shared/oauth-dto'
import { useEnvironment } from '../environment'
import type { OAuthFlow } from '../stores/oauth-store'
import { useOAuth, useStores } from '../stores/stores-context'

export function signInSuccessMessage(result: OAuthFinishedDto): string {
  const email = result.account?.email ?? 'The account'
  if (result.reenabled) return `${email} is re-enabled: its new sign-in works.`
  if (result.created) return `${email} added.`
  return `${email} signed in again.`
}

function FinishedFlow(props: { flow: OAuthFlow; result: OAuthFinishedDto }): ReactNode {
  const store = useStores().oauth
  const { result } = props
  const dismiss = (
    <button
      type="button"
      className="button-quiet"
      onClick={() => store.getState().dismiss(props.flow.flowId)}
    >
      Dismiss
    </button>
  )
  if (!result.ok) {
    return (
      <div className="alert alert-error" role="alert">
        <p className="alert-message">{result.message ?? 'The sign-in did not finish.'}</p>
        <p className="alert-hint">Try again with Add account or Re-authorize.</p>
        {dismiss}
      </div>
    )
  }
  return (
    <div className="alert alert-success">
      <p role="status">{signInSuccessMessage(result)}</p>
      {result.message && <p className="alert-hint">{result.message}</p>}
      {dismiss}
    </div>
  )
}

function WaitingFlow(props: { flow: OAuthFlow }): ReactNode {
  const store = useStores().oauth
  const web = useEnvironment().kind === 'web'
  const { flow } = props
  const what = flow.email ? `Re-authorizing ${flow.email}.` : 'Adding an account.'
  const where = web
    ? 'Finish signing in on the Google tab.'
    : 'Finish signing in in the Google window.'
  return (
    <div className="oauth-waiting">
      <p role="status">
        <strong>Waiting for Google…</strong> {what} {where}
      </p>
      <div className="row-actions">
        <button type="button" onClick={() => void store.getState().openInBrowser(flow.flowId)}>
          {web ? 'Open the Google page again' : 'Open in my browser instead'}
        </button>
        <button
          type="button"
          disabled={flow.status === 'cancelling'}
          onClick={() => void store.getState().cancel(flow.flowId)}
        >
          {flow.status === 'cancelling' ? 'Cancelling…' : 'Cancel'}
        </button>
      </div>
    </div>
  )
}

/** Sign-ins in progress, then how each ended, until the user dismisses it. */
export function OAuthFlows(): ReactNode {
  const flows = useOAuth((state) => state.flows)
  if (flows.length === 0) return null
  return (
    <section className="oauth-flows" aria-label="Google sign-ins">
      {flows.map((flow) =>
        flow.status === 'finished' && flow.result ? (
          <FinishedFlow key={flow.flowId} flow={flow} result={flow.result} />
        ) : (
          <WaitingFlow key={flow.flowId} flow={flow} />
        ),
      )}
    </section>
  )
}
