import { randomUUID } from 'node:crypto'

/**
 * The Antigravity version agtray presents when nothing overrides it. Google refuses clients it
 * considers too old, so this must be recent: the reference resolves the live version and never
 * goes below 4.3.0. Users override it (settings `google.client_version`, `AGTRAY_CLIENT_VERSION`)
 * when Google moves on before agtray does.
 */
export const BUILT_IN_CLIENT_VERSION = '4.3.0'

/** The Chromium and Electron builds the Antigravity desktop app of that version ships. */
const CHROME_VERSION = '132.0.6834.160'
const ELECTRON_VERSION = '39.2.3'

/** What Antigravity writes for the operating system in its User-Agent. */
export function antigravityPlatform(platform: NodeJS.Platform): string {
  if (platform === 'darwin') return 'Macintosh; Intel Mac OS X 10_15_7'
  if (platform === 'win32') return 'Windows NT 10.0; Win64; x64'
  return 'X11; Linux x86_64'
}

/** The `metadata` of loadCodeAssist and onboardUser, as Antigravity sends it. */
export interface ClientMetadata {
  ideType: 'ANTIGRAVITY'
  platform: string
  pluginType: 'GEMINI'
}

/**
 * Who agtray says it is to Google. The only place that builds identity headers and client
 * metadata: every Cloud Code call (generate, stream, countTokens, loadCodeAssist, onboardUser,
 * operations, fetchAvailableModels) takes `cloudCodeHeaders()`, every OAuth call
 * `oauthUserAgent()`. The version is read at each call, so a changed setting applies at once.
 */
export type ClientVersionSource = 'built-in' | 'settings' | 'environment'

export interface ClientIdentity {
  version(): string
  /** Where the version comes from, so a refusal can say where to change it. */
  versionSource(): ClientVersionSource
  cloudCodeHeaders(): Record<string, string>
  oauthUserAgent(): string
  clientMetadata(): ClientMetadata
}

export function createClientIdentity(options: {
  /** The version in force (environment, then settings), or null for the built-in one. */
  version: () => { version: string | null; source: 'settings' | 'environment' }
  platform?: NodeJS.Platform
  /** Antigravity sends one session id per launch; one per identity here. */
  sessionId?: string
}): ClientIdentity {
  const platform = options.platform ?? process.platform
  const sessionId = options.sessionId ?? randomUUID()
  const version = (): string => options.version().version ?? BUILT_IN_CLIENT_VERSION
  return {
    version,
    versionSource: () => {
      const chosen = options.version()
      return chosen.version === null ? 'built-in' : chosen.source
    },
    cloudCodeHeaders() {
      const current = version()
      return {
        'user-agent': `Antigravity/${current} (${antigravityPlatform(platform)}) Chrome/${CHROME_VERSION} Electron/${ELECTRON_VERSION}`,
        'x-client-name': 'antigravity',
        'x-client-version': current,
        'x-vscode-sessionid': sessionId,
      }
    },
    // Antigravity's sign-in runs in its VS Code host; the reference sends this literal form.
    oauthUserAgent: () => `vscode/1.X.X (Antigravity/${version()})`,
    // The fixture (loadCodeAssist.request.json) says PLATFORM_UNSPECIFIED; so does gemini-cli.
    clientMetadata: () => ({
      ideType: 'ANTIGRAVITY',
      platform: 'PLATFORM_UNSPECIFIED',
      pluginType: 'GEMINI',
    }),
  }
}
