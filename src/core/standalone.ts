import { exportAccounts } from './accounts/account-export'
import type { ExportedAccount } from './accounts/account-export'
import { createAccountStore } from './accounts/account-store'
import { createClientIdentity } from './google/client-identity'
import { antigravityOAuthClient, googleEndpointsFor } from './google/google-endpoints'
import { createGoogleOAuth } from './google/google-oauth'
import { createGoogleTransport } from './google/google-transport'
import type { OAuthFlow } from './google/oauth-flow'
import { OAUTH_LOGIN_TIMEOUT_MS } from './google/oauth-flow'
import { startLoopbackFlow } from './google/oauth-loopback'
import { systemTimers } from './runtime/timers'
import { isClientVersion } from '../shared/client-version'

const validVersion = (value: string | undefined): string | null => {
  const text = value?.trim() ?? ''
  return isClientVersion(text) ? text : null
}

/**
 * Things the CLI does without owning the data folder, because a running server may own it:
 * reading accounts for export, and signing in with Google before handing the token to that server.
 */
export const exportAccountsFromFolder = (dataDir: string): Promise<ExportedAccount[]> =>
  exportAccounts(createAccountStore(dataDir))

export function startStandaloneOAuthLogin(options: {
  env: NodeJS.ProcessEnv
  googleBaseUrl?: string
  timeoutMs?: number
}): Promise<OAuthFlow> {
  const endpoints = googleEndpointsFor(options.googleBaseUrl ?? options.env.AGTRAY_GOOGLE_BASE_URL)
  const oauth = createGoogleOAuth(
    endpoints,
    {
      clientId: options.env.AGTRAY_OAUTH_CLIENT_ID?.trim() || antigravityOAuthClient.clientId,
      clientSecret:
        options.env.AGTRAY_OAUTH_CLIENT_SECRET?.trim() || antigravityOAuthClient.clientSecret,
    },
    // A one-shot login makes one token call and one userinfo call; its pooled sockets do not
    // keep the process alive (Node unrefs idle ones).
    createGoogleTransport(),
    // No settings are read here (a server may own them): the environment or the built-in version.
    createClientIdentity({
      version: () => ({
        version: validVersion(options.env.AGTRAY_CLIENT_VERSION),
        source: 'environment',
      }),
    }),
  )
  return startLoopbackFlow({
    oauth,
    timeoutMs: options.timeoutMs ?? OAUTH_LOGIN_TIMEOUT_MS,
    timers: systemTimers,
  })
}
