import type { AccountStore } from './accounts/account-store'
import type { GoogleTransportOptions } from './google/google-transport'
import type { Logger } from './logging/logger'
import type { ServerTimeouts } from './http/http-server'
import type { Clock } from './runtime/clock'
import type { Timers } from './runtime/timers'
import type { SettingsStore } from './settings/settings-schema'
import type { SettingsOverrides } from './settings/settings-service'

/** The platform's ports: what the desktop app, the CLI and the tests hand the core. */
export interface CoreOptions {
  dataDir: string
  env?: NodeJS.ProcessEnv
  overrides?: SettingsOverrides
  /** electron-store in the app; conf (the default) headless. */
  settingsStore?: (dataDir: string) => Promise<SettingsStore>
  logger?: Logger
  clock?: Clock
  /** Shown to other processes that find the data folder taken: `serve`, `desktop`, a CLI command. */
  role?: string
  /** Whether AI routes answer at start; default: the `app.start_proxy_at_launch` setting. */
  proxyEnabledAtStart?: boolean
  /** The built renderer to serve as the web console at `/` (headless only). */
  webConsoleDir?: string | null
  /** How long a sign-in may take before it is abandoned (default five minutes). */
  oauthTimeoutMs?: number
  /** The core's timers (sign-in deadlines); tests fire them by hand. */
  timers?: Timers
  /** The periodic quota refresh's timer (default: real ones); tests fire it by hand. */
  quotaTimers?: Timers
  /** Largest request body the proxy accepts (default 100mb). */
  bodyLimit?: string
  /** The connection pool to Google and its timeouts (tests shorten them). */
  googleTransport?: GoogleTransportOptions
  /** How long slow clients may take (tests shorten them). */
  serverTimeouts?: Partial<ServerTimeouts>
  /** The account files (default: the files under `dataDir`); tests pass one that counts reads. */
  accountStore?: (dataDir: string) => AccountStore
  /** [0, 1) for the pool's power of two choices (default Math.random); tests make it predictable. */
  random?: () => number
}
