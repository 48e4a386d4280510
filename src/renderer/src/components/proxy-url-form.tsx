import { useId, useState } from 'react'
import type { FormEvent, ReactNode } from 'react'
import { checkOutboundProxyUrl } from '../../../shared/outbound-proxy-url'

/**
 * An outbound proxy URL to set or clear. `current` is what the core shows: the password already
 * replaced by `***`, never the password itself; sending that masked text back unchanged keeps the
 * stored password (the core recognises it), so only a new URL needs the password typed again.
 * Mount it with `key={current}`: a saved value then resets the draft.
 */
export function ProxyUrlForm(props: {
  label: string
  current: string | null
  busy?: boolean
  help: string
  onSave(url: string | null): void
}): ReactNode {
  const [draft, setDraft] = useState(props.current ?? '')
  const [problem, setProblem] = useState<string | null>(null)
  const inputId = useId()
  const errorId = useId()
  const helpId = useId()

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const text = draft.trim()
    if (text === '') {
      setProblem(null)
      if (props.current !== null) props.onSave(null)
      return
    }
    const checked = checkOutboundProxyUrl(text)
    setProblem(checked.ok ? null : checked.error)
    if (checked.ok && text !== props.current) props.onSave(checked.url)
  }

  return (
    <form className="inline-form" noValidate onSubmit={submit}>
      <label htmlFor={inputId}>{props.label}</label>
      <input
        id={inputId}
        type="text"
        spellCheck={false}
        autoComplete="off"
        placeholder="socks5://user:password@host:1080"
        value={draft}
        aria-invalid={problem !== null}
        aria-describedby={problem !== null ? `${errorId} ${helpId}` : helpId}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit" disabled={props.busy}>
        Save
      </button>
      {props.current !== null && (
        <button
          type="button"
          disabled={props.busy}
          onClick={() => {
            setDraft('')
            setProblem(null)
            props.onSave(null)
          }}
        >
          Clear
        </button>
      )}
      {problem !== null && (
        <p id={errorId} className="field-error">
          {problem}
        </p>
      )}
      <p id={helpId} className="help">
        {props.help}
      </p>
    </form>
  )
}
