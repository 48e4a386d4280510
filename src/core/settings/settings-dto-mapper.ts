import { checkOutboundProxyUrl, redactProxyUrl } from '../../shared/outbound-proxy-url'
import type { SettingsDto, SettingsPatchDto } from '../../shared/settings-dto'
import { BUILT_IN_CLIENT_VERSION } from '../google/client-identity'
import { AgtrayError } from '../agtray-error'
import { isLoopbackHost } from './auth-mode'
import type { Settings } from './settings-schema'
import type { ResolvedSettings } from './settings-service'

/** What the app shows of the settings: the values in force, plus whether a restart is pending. */
export function toSettingsDto(
  dataDir: string,
  resolved: ResolvedSettings,
  listening: { host: string; port: number } | null,
): SettingsDto {
  const stored = resolved.raw
  return {
    data_dir: dataDir,
    theme: stored.app.theme,
    start_at_login: stored.app.start_at_login,
    start_proxy_at_launch: stored.app.start_proxy_at_launch,
    host: resolved.host,
    port: resolved.port,
    lan_access: !isLoopbackHost(resolved.host),
    auth_mode: resolved.authMode,
    api_key_source: resolved.apiKeySource,
    client_version: resolved.clientVersion.version ?? BUILT_IN_CLIENT_VERSION,
    client_version_source:
      resolved.clientVersion.version === null ? 'built-in' : resolved.clientVersion.source,
    client_version_built_in: BUILT_IN_CLIENT_VERSION,
    quota_refresh_minutes: stored.quota_refresh.enabled
      ? stored.quota_refresh.interval_minutes
      : null,
    outbound_proxy: resolved.outboundProxy === null ? null : redactProxyUrl(resolved.outboundProxy),
    restart_required:
      listening !== null &&
      ((resolved.port !== 0 && resolved.port !== listening.port) ||
        isLoopbackHost(resolved.host) !== isLoopbackHost(listening.host)),
    scheduling_mode: stored.scheduling.mode,
    fixed_account_id: stored.scheduling.fixed_account_id ?? null,
    quota_protection_enabled: stored.quota_protection.enabled,
    quota_protection_threshold: stored.quota_protection.threshold_percentage,
  }
}

/** Applies a change from the app to the stored settings. Port and LAN access wait for a restart. */
export function applySettingsPatch(settings: Settings, patch: SettingsPatchDto): Settings {
  const proxy = { ...settings.proxy }
  if (patch.port !== undefined) proxy.port = patch.port
  if (patch.lan_access !== undefined) proxy.host = patch.lan_access ? '0.0.0.0' : '127.0.0.1'
  if (patch.auth_mode !== undefined) proxy.auth_mode = patch.auth_mode
  const app = { ...settings.app }
  if (patch.theme !== undefined) app.theme = patch.theme
  if (patch.start_at_login !== undefined) app.start_at_login = patch.start_at_login
  if (patch.start_proxy_at_launch !== undefined)
    app.start_proxy_at_launch = patch.start_proxy_at_launch
  // Scheduling and quota protection apply to the next request (the pool reads them each time).
  const scheduling = { ...settings.scheduling }
  if (patch.scheduling_mode !== undefined) scheduling.mode = patch.scheduling_mode
  if (patch.fixed_account_id !== undefined) scheduling.fixed_account_id = patch.fixed_account_id
  const protection = { ...settings.quota_protection }
  if (patch.quota_protection_enabled !== undefined)
    protection.enabled = patch.quota_protection_enabled
  if (patch.quota_protection_threshold !== undefined)
    protection.threshold_percentage = patch.quota_protection_threshold
  const quotaRefresh = { ...settings.quota_refresh }
  if (patch.quota_refresh_minutes === null) quotaRefresh.enabled = false
  else if (patch.quota_refresh_minutes !== undefined) {
    quotaRefresh.enabled = true
    quotaRefresh.interval_minutes = patch.quota_refresh_minutes
  }
  const google = { ...settings.google }
  if (patch.client_version === '') delete google.client_version
  else if (patch.client_version !== undefined) google.client_version = patch.client_version
  const network = { ...settings.network }
  if (patch.outbound_proxy !== undefined)
    network.outbound_proxy = outboundProxyPatch(
      settings.network.outbound_proxy,
      patch.outbound_proxy,
    )
  return {
    ...settings,
    proxy,
    app,
    google,
    quota_refresh: quotaRefresh,
    scheduling,
    quota_protection: protection,
    network,
  }
}

/**
 * The stored proxy after the app sent `value`: the app only ever sees the password masked, so the
 * masked form sent back unchanged keeps the stored URL; blank or null clears it.
 */
function outboundProxyPatch(stored: string, value: string | null): string {
  if (value === null || value.trim() === '') return ''
  if (stored !== '' && value.trim() === redactProxyUrl(stored)) return stored
  const checked = checkOutboundProxyUrl(value)
  if (!checked.ok) throw new AgtrayError('invalid_input', `outbound_proxy: ${checked.error}`)
  return checked.url
}
