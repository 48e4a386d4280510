import { useId, useState } from 'react'
import type { FormEvent, ReactNode } from 'react'
import { toUiError } from '../stores/outcome'

export interface LoginFormProps {
  login: (adminToken: string) => Promise<void>
  /** Why the form is back, e.g. an ended session. */
  notice: string | null
}

/** The token goes to the server once and is forgotten: the session lives in an HttpOnly cookie. */
export function LoginForm(props: LoginFormProps): ReactNode {
  const [token, setToken] = useState('')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const tokenId = useId()
  const helpId = useId()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      await props.login(token.trim())
    } catch (failure) {
      setError(toUiError(failure).message)
      setBusy(false)
    }
  }

  return (
    <main className="login">
      <form className="card login-card" onSubmit={(event) => void submit(event)}>
        <h1>agtray web console</h1>
        {props.notice && (
          <p className="notice" role="status">
            {props.notice}
          </p>
        )}
        <label htmlFor={tokenId}>Admin token</label>
        <input
          id={tokenId}
          type="password"
          autoComplete="current-password"
          spellCheck={false}
          required
          aria-describedby={helpId}
          value={token}
          onChange={(event) => setToken(event.target.value)}
        />
        <p id={helpId} className="help">
          The admin token is <code>proxy.admin_token</code> in <code>settings.json</code>, in the
          data folder of the machine running <code>agtray serve</code> (<code>~/.agtray</code>{' '}
          unless it was given another one), or the <code>AGTRAY_ADMIN_TOKEN</code> the server was
          started with.
        </p>
        <button type="submit" className="button-primary" disabled={busy || token.trim() === ''}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        {error && (
          <p className="alert alert-error" role="alert">
            {error}
          </p>
        )}
      </form>
    </main>
  )
}
