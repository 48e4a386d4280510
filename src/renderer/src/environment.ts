import { createContext, use } from 'react'

/** Where the UI runs: the desktop window (IPC) or the web console of `agtray serve` (HTTP). */
export interface AppEnvironment {
  kind: 'desktop' | 'web'
  /** The web console's way out; the desktop app has no login. */
  logout?: () => void
}

export const EnvironmentContext = createContext<AppEnvironment>({ kind: 'desktop' })

export const useEnvironment = (): AppEnvironment => use(EnvironmentContext)
