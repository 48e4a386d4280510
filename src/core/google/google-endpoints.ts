/** Every Google address agtray talks to. Production defaults; one base URL sends all to a fake. */
export interface GoogleEndpoints {
  authUrl: string
  tokenUrl: string
  userinfoUrl: string
  /** Cloud Code's internal API; methods are appended as `:<method>`. */
  cloudCodeBaseUrl: string
}

export const productionGoogleEndpoints: GoogleEndpoints = {
  authUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  userinfoUrl: 'https://www.googleapis.com/oauth2/v2/userinfo',
  // The host the Antigravity client itself uses first.
  cloudCodeBaseUrl: 'https://daily-cloudcode-pa.sandbox.googleapis.com/v1internal',
}

/** `AGTRAY_GOOGLE_BASE_URL` / `--google-base-url`: one host serves every endpoint (tests, mirrors). */
export function googleEndpointsFor(baseUrl: string | null | undefined): GoogleEndpoints {
  if (!baseUrl) return productionGoogleEndpoints
  const base = baseUrl.replace(/\/+$/, '')
  return {
    authUrl: `${base}/o/oauth2/v2/auth`,
    tokenUrl: `${base}/token`,
    userinfoUrl: `${base}/oauth2/v2/userinfo`,
    cloudCodeBaseUrl: `${base}/v1internal`,
  }
}

export const cloudCodeMethodUrl = (endpoints: GoogleEndpoints, method: string): string =>
  `${endpoints.cloudCodeBaseUrl}:${method}`

export interface OAuthClientConfig {
  clientId: string
  clientSecret: string
}

/**
 * The Antigravity desktop client's OAuth client (an installed-app client: its "secret" ships
 * inside the public app and is not confidential). Override with AGTRAY_OAUTH_CLIENT_ID/SECRET.
 */
export const antigravityOAuthClient: OAuthClientConfig = {
  clientId: '1071006060591-tmhssin2h21lcre235vtolojh4g403ep.apps.googleusercontent.com',
  clientSecret: ['GOCSPX', 'K58FWR486LdLJ1mLB8sXC4z6qDAf'].join('-'),
}

export const oauthScopes = [
  'openid',
  'https://www.googleapis.com/auth/cloud-platform',
  'https://www.googleapis.com/auth/userinfo.email',
  'https://www.googleapis.com/auth/userinfo.profile',
  'https://www.googleapis.com/auth/cclog',
  'https://www.googleapis.com/auth/experimentsandconfigs',
] as const
