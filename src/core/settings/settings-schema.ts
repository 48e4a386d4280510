import { z } from 'zod'
import { clientVersionHint, isClientVersion } from '../../shared/client-version'
import { checkOutboundProxyUrl } from '../../shared/outbound-proxy-url'

export const authModes = ['off', 'strict', 'all_except_health', 'auto'] as const
export type AuthMode = (typeof authModes)[number]

export const themes = ['light', 'dark', 'system'] as const

/** How the pool picks an account: see the README's "Scheduling" section. */
export const schedulingModes = ['balanced', 'performance', 'fixed'] as const
export type SchedulingMode = (typeof schedulingModes)[number]
export type Theme = (typeof themes)[number]

/**
 * `settings.json`. Every key has a default so a partial or hand-edited file still loads, and
 * unknown keys are kept (loose objects) so other versions' settings survive a rewrite.
 */
export const settingsSchema = z.looseObject({
  proxy: z
    .looseObject({
      host: z.string().min(1).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8045),
      api_key: z.string().min(1).optional(),
      admin_token: z.string().min(1).optional(),
      auth_mode: z.enum(authModes).default('auto'),
      custom_mapping: z.record(z.string(), z.string()).default({}),
      // Claude Code's small side requests (titles, topic checks) go here instead of spending
      // Claude quota; an empty string serves them with the model they name.
      background_model: z.string().default('gemini-2.5-flash'),
      // Largest request body of the AI routes; the reference takes 100 MiB (whole conversations
      // with images).
      max_body_mb: z.number().int().min(1).max(1024).default(100),
      // Host names (besides this machine's own) clients may reach agtray by: a reverse proxy's,
      // a DNS name on the LAN. Anything else is refused, so a web page cannot rebind its name here.
      allowed_hosts: z.array(z.string().min(1)).default([]),
      // Web pages allowed to read agtray's answers (CORS), as exact origins; never "*".
      cors_origins: z
        .array(
          z
            .string()
            .regex(
              /^https?:\/\/[^/*\s]+$/,
              'an origin is scheme://host[:port], without "*" or a path',
            ),
        )
        .default([]),
    })
    .prefault({}),
  quota_protection: z
    .looseObject({
      enabled: z.boolean().default(false),
      threshold_percentage: z.number().min(1).max(99).default(10),
      monitored_models: z
        .array(z.string())
        .default(['claude', 'gemini-3-pro-high', 'gemini-3-flash', 'gemini-3.1-flash-image']),
    })
    .prefault({}),
  scheduling: z
    .looseObject({
      // balanced: best accounts first, a conversation stays on its account (Google's prompt
      // cache); performance: the same without staying; fixed: `fixed_account_id` first.
      mode: z.enum(schedulingModes).default('balanced'),
      fixed_account_id: z.string().min(1).nullish(),
      // How long a request may wait for an account that rests (a rate limit of a second or
      // two) before agtray answers 429 with Retry-After; 0 answers at once.
      max_wait_seconds: z.number().min(0).max(300).default(5),
    })
    .prefault({}),
  google: z
    .looseObject({
      // The Antigravity version agtray presents to Google; absent: the built-in one.
      // AGTRAY_CLIENT_VERSION wins over it.
      client_version: z
        .string()
        .refine(isClientVersion, `expected ${clientVersionHint}`)
        .optional(),
    })
    .prefault({}),
  // Fetches every account's quota from Google while the server runs (the reference refreshes
  // from its window, every `refresh_interval` minutes).
  quota_refresh: z
    .looseObject({
      enabled: z.boolean().default(true),
      interval_minutes: z.number().int().min(1).max(1440).default(15),
    })
    .prefault({}),
  network: z
    .looseObject({
      // Every call to Google goes through this proxy unless the account has its own; empty for
      // none (then HTTPS_PROXY / ALL_PROXY / NO_PROXY decide). http, https, socks5, socks5h,
      // credentials allowed.
      outbound_proxy: z
        .string()
        .default('')
        .superRefine((value, context) => {
          if (value.trim() === '') return
          const checked = checkOutboundProxyUrl(value)
          if (!checked.ok) context.addIssue({ code: 'custom', message: checked.error })
        }),
    })
    .prefault({}),
  app: z
    .looseObject({
      theme: z.enum(themes).default('system'),
      start_at_login: z.boolean().default(false),
      start_proxy_at_launch: z.boolean().default(true),
    })
    .prefault({}),
})

export type Settings = z.infer<typeof settingsSchema>
export type QuotaProtectionSettings = Settings['quota_protection']
export type SchedulingSettings = Settings['scheduling']

/** Where `settings.json` lives and how it is read and written: conf headless, electron-store in the app. */
export interface SettingsStore {
  readonly path: string
  read(): Record<string, unknown>
  write(value: Record<string, unknown>): void
}
