import { useId, useState } from 'react'
import type { FormEvent, ReactNode } from 'react'
import { useSettings, useStores } from '../stores/stores-context'

/** Mount it with `key={port}`: a saved port then resets the draft. */
export function PortForm(props: { port: number }): ReactNode {
  const store = useStores().settings
  const saving = useSettings((state) => state.saving)
  const [draft, setDraft] = useState(String(props.port))
  const [invalid, setInvalid] = useState(false)
  const inputId = useId()
  const errorId = useId()

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const port = Number(draft)
    const valid = /^\d+$/.test(draft.trim()) && port >= 1 && port <= 65535
    setInvalid(!valid)
    if (valid && port !== props.port) void store.getState().update({ port })
  }

  return (
    <form className="inline-form" noValidate onSubmit={submit}>
      <label htmlFor={inputId}>Port</label>
      <input
        id={inputId}
        type="number"
        inputMode="numeric"
        min={1}
        max={65535}
        value={draft}
        aria-invalid={invalid}
        aria-describedby={invalid ? errorId : undefined}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit" disabled={saving}>
        Apply
      </button>
      {invalid && (
        <p id={errorId} className="field-error">
          Enter a port from 1 to 65535.
        </p>
      )}
    </form>
  )
}
