import type { FormEvent, ReactNode } from 'react'
import { useState } from 'react'
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
      <PasteAnswer flowId={flow.flowId} />
    </div>
  )
}

/** For a browser on another device, whose redirect to this machine cannot load. */
function PasteAnswer(props: { flowId: string }): ReactNode {
  const store = useStores().oauth
  const [answer, setAnswer] = useState('')
  const [sending, setSending] = useState(false)
  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setSending(true)
    await store.getState().completeWithPaste(props.flowId, answer)
    setSending(false)
  }
  return (
    <details className="oauth-paste">
      <summary>Signing in on another device?</summary>
      <form onSubmit={(event) => void submit(event)}>
        <p className="alert-hint">
          Open the Google page there. When it ends on a page that does not load, copy that
          page&apos;s address (or the code it shows) and paste it here.
        </p>
        <label>
          Address your browser ended on, or the code
          <input
            type="text"
            value={answer}
            autoComplete="off"
            spellCheck={false}
            onChange={(event) => setAnswer(event.target.value)}
          />
        </label>
        <button type="submit" disabled={sending || answer.trim() === ''}>
          {sending ? 'Finishing…' : 'Finish sign-in'}
        </button>
      </form>
    </details>
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
