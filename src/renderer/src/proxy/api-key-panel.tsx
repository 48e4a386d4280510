import { useState } from 'react'
import type { ReactNode } from 'react'
import { ConfirmDialog } from '../components/confirm-dialog'
import { copyToClipboard } from '../components/copy-button'
import { ErrorAlert } from '../components/error-alert'
import type { Outcome, UiError } from '../stores/outcome'
import { attempt } from '../stores/outcome'
import { useProxy, useRendererApi, useSettings, useStores } from '../stores/stores-context'

export const HIDDEN_KEY = 'sk-••••'

/** The key lives only in this component's state, while shown; it is asked for on each Show. */
export function ApiKeyPanel(): ReactNode {
  const api = useRendererApi()
  const proxy = useStores().proxy
  const fromEnvironment = useSettings((state) => state.settings?.api_key_source === 'environment')
  const authOff = useProxy((state) => state.status?.auth_mode === 'off')
  const regenerating = useProxy((state) => state.regenerating)
  const [key, setKey] = useState<string | null>(null)
  const [busy, setBusy] = useState<'showing' | 'copying' | null>(null)
  const [notice, setNotice] = useState<string | null>(null)
  const [error, setError] = useState<UiError | null>(null)
  const [confirming, setConfirming] = useState(false)

  const reveal = (): Promise<Outcome<string>> => attempt(() => api.call('proxy:reveal-api-key'))

  const show = async (): Promise<void> => {
    setBusy('showing')
    setError(null)
    const outcome = await reveal()
    setBusy(null)
    if (outcome.ok) setKey(outcome.value)
    else setError(outcome.error)
  }

  const copy = async (): Promise<void> => {
    setBusy('copying')
    setError(null)
    setNotice(null)
    const outcome = key === null ? await reveal() : { ok: true as const, value: key }
    if (!outcome.ok) {
      setBusy(null)
      setError(outcome.error)
      return
    }
    const copied = await copyToClipboard(outcome.value)
    setBusy(null)
    setNotice(copied ? 'API key copied.' : 'Copying failed: choose Show and copy the key by hand.')
  }

  const regenerate = async (): Promise<void> => {
    const outcome = await proxy.getState().regenerateApiKey()
    setConfirming(false)
    if (!outcome.ok) return
    setKey(null)
    setNotice('New API key made. Give it to your clients: the old one no longer works.')
  }

  return (
    <section className="card" aria-labelledby="api-key-heading">
      <h2 id="api-key-heading">API key</h2>
      <p className="key-line">
        <code className="api-key">{key ?? HIDDEN_KEY}</code>
      </p>
      <div className="row-actions">
        {key === null ? (
          <button type="button" disabled={busy !== null} onClick={() => void show()}>
            {busy === 'showing' ? 'Showing…' : 'Show'}
          </button>
        ) : (
          <button type="button" onClick={() => setKey(null)}>
            Hide
          </button>
        )}
        <button type="button" disabled={busy !== null} onClick={() => void copy()}>
          {busy === 'copying' ? 'Copying…' : 'Copy'}
        </button>
        <button
          type="button"
          disabled={fromEnvironment || regenerating}
          onClick={() => setConfirming(true)}
        >
          Regenerate
        </button>
      </div>
      {fromEnvironment && (
        <p className="help">This key comes from AGTRAY_API_KEY: change it there to change it.</p>
      )}
      {authOff && <p className="help">Authentication is off: clients need no key for now.</p>}
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <ErrorAlert error={error} onDismiss={() => setError(null)} />
      {confirming && (
        <ConfirmDialog
          title="Regenerate the API key?"
          confirmLabel="Regenerate"
          busyLabel="Regenerating…"
          busy={regenerating}
          danger
          onConfirm={() => void regenerate()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Every client that uses the current key stops working until you update it with the new
            key.
          </p>
        </ConfirmDialog>
      )}
    </section>
  )
}
