import { useId, useState } from 'react'
import type { FormEvent, ReactNode } from 'react'
import { useStores } from '../stores/stores-context'

/**
 * agtray on another machine than the browser: Google's redirect may not reach it, so the user
 * pastes the address the browser ended on (or the code) to finish this sign-in.
 */
export function PasteSignInForm(props: { flowId: string }): ReactNode {
  const store = useStores().oauth
  const [pasted, setPasted] = useState('')
  const [sending, setSending] = useState(false)
  const inputId = useId()
  const helpId = useId()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    if (pasted.trim() === '') return
    setSending(true)
    const outcome = await store.getState().completePasted(props.flowId, pasted)
    setSending(false)
    if (outcome.ok) setPasted('')
  }

  return (
    <form className="inline-form paste-sign-in" noValidate onSubmit={(event) => void submit(event)}>
      <label htmlFor={inputId}>Address your browser ended on</label>
      <input
        id={inputId}
        type="text"
        spellCheck={false}
        autoComplete="off"
        value={pasted}
        aria-describedby={helpId}
        onChange={(event) => setPasted(event.target.value)}
      />
      <button type="submit" disabled={sending || pasted.trim() === ''}>
        {sending ? 'Finishing…' : 'Finish sign-in'}
      </button>
      <p id={helpId} className="help">
        Signed in on a browser that cannot reach this server? Copy the address it ended on (it
        contains code=…), or the code alone, and paste it here.
      </p>
    </form>
  )
}
