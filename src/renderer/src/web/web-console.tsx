import { useCallback, useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import type { RendererApi } from '../../../shared/ipc-contract'
import { App } from '../app'
import type { WebSession } from '../transport/web-session'
import { LoginForm } from './login-form'

export interface WebConsoleProps {
  session: WebSession
  /** A fresh api per login; it calls `onUnauthorized` when the server says the session is gone. */
  createApi: (onUnauthorized: () => void) => RendererApi
}

export const SESSION_ENDED = 'Your session has ended. Log in again.'
export const LOGGED_OUT = 'You are logged out.'

/**
 * The login form until there is a session, then the app; back to the form when it ends. Each
 * login builds a new api, and so new stores: nothing of the last session stays around.
 */
export function WebConsole(props: WebConsoleProps): ReactNode {
  const { session, createApi } = props
  const [checked, setChecked] = useState(false)
  const [api, setApi] = useState<RendererApi | null>(null)
  const [notice, setNotice] = useState<string | null>(null)

  const connect = useCallback(() => {
    const expire = (): void => {
      setApi(null)
      setNotice(SESSION_ENDED)
    }
    setApi((current) => current ?? createApi(expire))
  }, [createApi])

  useEffect(() => {
    let live = true
    session.isLoggedIn().then(
      (loggedIn) => {
        if (!live) return
        if (loggedIn) connect()
        setChecked(true)
      },
      () => {
        if (live) setChecked(true)
      },
    )
    return () => {
      live = false
    }
  }, [session, connect])

  const login = async (adminToken: string): Promise<void> => {
    await session.login(adminToken)
    setNotice(null)
    connect()
  }

  const logout = (): void => {
    setApi(null)
    setNotice(LOGGED_OUT)
    void session.logout().catch(() => undefined)
  }

  if (api) return <App api={api} environment={{ kind: 'web', logout }} />
  if (!checked) return <p className="help">Connecting…</p>
  return <LoginForm login={login} notice={notice} />
}
