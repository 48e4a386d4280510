import { randomBytes } from 'node:crypto'
import { clientVersionHint, isClientVersion } from '../../shared/client-version'
import { AgtrayError } from '../agtray-error'
import type {
  AuthMode,
  QuotaProtectionSettings,
  SchedulingSettings,
  Settings,
  SettingsStore,
} from './settings-schema'
import { settingsSchema } from './settings-schema'

/** Values given on the command line; they win over the environment, which wins over the file. */
export interface SettingsOverrides {
  host?: string
  port?: number
  googleBaseUrl?: string
}

export type SecretSource = 'settings' | 'environment'

export interface ResolvedSettings {
  host: string
  port: number
  apiKey: string
  apiKeySource: SecretSource
  adminToken: string
  adminTokenSource: SecretSource
  authMode: AuthMode
  customMapping: Record<string, string>
  /** Where Claude Code's side requests go; null serves them with the model they name. */
  backgroundModel: string | null
  /** Largest AI request body, in bytes (settings `proxy.max_body_mb`). */
  maxBodyBytes: number
  /** Host names besides this machine's own that clients may use (settings `proxy.allowed_hosts`). */
  allowedHosts: string[]
  /** Web origins allowed to read answers (settings `proxy.cors_origins`). */
  corsOrigins: string[]
  quotaProtection: QuotaProtectionSettings
  scheduling: SchedulingSettings
  /** How often the quota of every account is fetched while serving; null when off. */
  quotaRefreshMs: number | null
  /** The global outbound proxy to Google (settings `network.outbound_proxy`), null for none. */
  outboundProxy: string | null
  google: { baseUrl: string | null; clientId: string | null; clientSecret: string | null }
  /** The Antigravity version to present: AGTRAY_CLIENT_VERSION, then `google.client_version`. */
  clientVersion: { version: string | null; source: 'settings' | 'environment' }
  raw: Settings
}

export interface SettingsService {
  readonly file: string
  current(): ResolvedSettings
  /** Applies a change to the stored settings (never to the environment overrides). */
  update(change: (settings: Settings) => Settings): ResolvedSettings
  /** Stores a new API key and returns it; refused while AGTRAY_API_KEY decides the key. */
  regenerateApiKey(): string
  /** Called after every change that was stored, with the settings then in force. */
  onChange(listener: (settings: ResolvedSettings) => void): () => void
}

/** `sk-` + 32 hex digits, the reference's API key format, so existing client configs keep working. */
export const generateApiKey = (): string => `sk-${randomBytes(16).toString('hex')}`
export const generateAdminToken = (): string => `agt-${randomBytes(24).toString('base64url')}`

export function createSettingsService(
  store: SettingsStore,
  env: NodeJS.ProcessEnv,
  overrides: SettingsOverrides = {},
): SettingsService {
  const load = (): Settings => {
    const parsed = settingsSchema.safeParse(store.read())
    if (!parsed.success) {
      const issue = parsed.error.issues[0]
      throw new AgtrayError(
        'invalid_input',
        `${store.path}: ${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}; fix or remove it`,
      )
    }
    return parsed.data
  }

  let settings = load()
  // A missing key or token is generated once and stored, so clients keep the same one.
  if (!settings.proxy.api_key || !settings.proxy.admin_token) {
    settings = {
      ...settings,
      proxy: {
        ...settings.proxy,
        api_key: settings.proxy.api_key ?? generateApiKey(),
        admin_token: settings.proxy.admin_token ?? generateAdminToken(),
      },
    }
    store.write(settings)
  }

  const resolve = (): ResolvedSettings => {
    const port = overrides.port ?? parsePort(env.AGTRAY_PORT) ?? settings.proxy.port
    const envKey = nonBlank(env.AGTRAY_API_KEY)
    const envAdmin = nonBlank(env.AGTRAY_ADMIN_TOKEN)
    const envVersion = parseClientVersion(env.AGTRAY_CLIENT_VERSION)
    return {
      host: overrides.host ?? nonBlank(env.AGTRAY_HOST) ?? settings.proxy.host,
      port,
      apiKey: envKey ?? settings.proxy.api_key ?? '',
      apiKeySource: envKey ? 'environment' : 'settings',
      adminToken: envAdmin ?? settings.proxy.admin_token ?? '',
      adminTokenSource: envAdmin ? 'environment' : 'settings',
      authMode: settings.proxy.auth_mode,
      customMapping: settings.proxy.custom_mapping,
      backgroundModel: nonBlank(settings.proxy.background_model) ?? null,
      maxBodyBytes: settings.proxy.max_body_mb * 1024 * 1024,
      allowedHosts: settings.proxy.allowed_hosts,
      corsOrigins: settings.proxy.cors_origins,
      quotaProtection: settings.quota_protection,
      scheduling: settings.scheduling,
      quotaRefreshMs: settings.quota_refresh.enabled
        ? settings.quota_refresh.interval_minutes * 60_000
        : null,
      outboundProxy: nonBlank(settings.network.outbound_proxy) ?? null,
      google: {
        baseUrl: overrides.googleBaseUrl ?? nonBlank(env.AGTRAY_GOOGLE_BASE_URL) ?? null,
        clientId: nonBlank(env.AGTRAY_OAUTH_CLIENT_ID) ?? null,
        clientSecret: nonBlank(env.AGTRAY_OAUTH_CLIENT_SECRET) ?? null,
      },
      clientVersion: envVersion
        ? { version: envVersion, source: 'environment' }
        : { version: settings.google.client_version ?? null, source: 'settings' },
      raw: settings,
    }
  }

  let resolved = resolve()
  const listeners = new Set<(settings: ResolvedSettings) => void>()
  const update = (change: (settings: Settings) => Settings): ResolvedSettings => {
    const next = settingsSchema.parse(change(settings))
    store.write(next)
    settings = next
    resolved = resolve()
    for (const listener of listeners) listener(resolved)
    return resolved
  }
  return {
    file: store.path,
    current: () => resolved,
    update,
    regenerateApiKey() {
      if (resolved.apiKeySource === 'environment') {
        throw new AgtrayError('conflict', 'The API key comes from AGTRAY_API_KEY; change it there')
      }
      const apiKey = generateApiKey()
      update((stored) => ({ ...stored, proxy: { ...stored.proxy, api_key: apiKey } }))
      return apiKey
    },
    onChange(listener) {
      listeners.add(listener)
      return () => listeners.delete(listener)
    },
  }
}

const nonBlank = (value: string | undefined): string | undefined =>
  value && value.trim() !== '' ? value.trim() : undefined

function parsePort(value: string | undefined): number | undefined {
  const text = nonBlank(value)
  if (text === undefined) return undefined
  const port = Number(text)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new AgtrayError(
      'invalid_input',
      `AGTRAY_PORT must be a port number (0-65535), not "${text}"`,
    )
  }
  return port
}

function parseClientVersion(value: string | undefined): string | undefined {
  const text = nonBlank(value)
  if (text === undefined) return undefined
  if (!isClientVersion(text)) {
    throw new AgtrayError(
      'invalid_input',
      `AGTRAY_CLIENT_VERSION must be ${clientVersionHint}, not "${text.slice(0, 40)}"`,
    )
  }
  return text
}
