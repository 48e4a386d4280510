export const themeSettings = ['light', 'dark', 'system'] as const
export type ThemeSetting = (typeof themeSettings)[number]
export const authModeSettings = ['off', 'strict', 'all_except_health', 'auto'] as const
export type AuthModeSetting = (typeof authModeSettings)[number]
/** See the README's "Scheduling" section. */
export const schedulingModeSettings = ['balanced', 'performance', 'fixed'] as const
export type SchedulingModeSetting = (typeof schedulingModeSettings)[number]

/** The settings a user sees and changes in the app. Never a key or token. */
export interface SettingsDto {
  data_dir: string
  theme: ThemeSetting
  start_at_login: boolean
  start_proxy_at_launch: boolean
  host: string
  port: number
  /** Listening beyond this machine (host is not a loopback address). */
  lan_access: boolean
  auth_mode: AuthModeSetting
  /** Where the API key comes from: generated into settings.json, or AGTRAY_API_KEY. */
  api_key_source: 'settings' | 'environment'
  /** How often every account's quota is fetched while the server runs; null when never. */
  quota_refresh_minutes: number | null
  /**
   * The global outbound proxy to Google, its password shown as `***`; null when none is set
   * (then the HTTPS_PROXY / ALL_PROXY / NO_PROXY environment variables decide).
   */
  outbound_proxy: string | null
  /** Port and LAN access apply at the next start. */
  restart_required: boolean
  /** How the pool picks an account; applies to the next request. */
  scheduling_mode: SchedulingModeSetting
  /** The account `fixed` mode serves with while it can; null when none was chosen. */
  fixed_account_id: string | null
  /** Accounts under the threshold for a model family stop serving that family. */
  quota_protection_enabled: boolean
  /** Percent of a family's quota left under which an account stops serving it (1-99). */
  quota_protection_threshold: number
  /** The Antigravity version agtray presents to Google, in force now. */
  client_version: string
  /** Where it comes from; the environment (AGTRAY_CLIENT_VERSION) wins over the settings. */
  client_version_source: 'built-in' | 'settings' | 'environment'
  /** What agtray presents when nothing overrides it. */
  client_version_built_in: string
}

export type SettingsPatchDto = Partial<
  Pick<
    SettingsDto,
    | 'theme'
    | 'start_at_login'
    | 'start_proxy_at_launch'
    | 'port'
    | 'lan_access'
    | 'auth_mode'
    | 'scheduling_mode'
    | 'fixed_account_id'
    | 'quota_protection_enabled'
    | 'quota_protection_threshold'
    | 'quota_refresh_minutes'
    | 'outbound_proxy'
  > & {
    /** A version such as 4.3.0; an empty string goes back to the built-in one. */
    client_version: string
  }
>
