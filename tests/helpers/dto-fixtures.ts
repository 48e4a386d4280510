import type { AccountDto } from '../../src/shared/account-dto'
import type { ProxyStatusDto } from '../../src/shared/proxy-status-dto'
import type { SettingsDto } from '../../src/shared/settings-dto'

/** An account as the UI receives it: in the pool, nothing wrong; override what a test needs. */
export function makeAccountDto(overrides: Partial<AccountDto> = {}): AccountDto {
  return {
    id: 'acc-1',
    email: 'ada@example.com',
    name: null,
    disabled: false,
    disabled_at: null,
    disabled_reason: null,
    proxy_disabled: false,
    proxy_disabled_reason: null,
    proxy_disabled_at: null,
    project_id: null,
    validation_blocked: false,
    validation_blocked_reason: null,
    validation_url: null,
    validation_blocked_at: null,
    outbound_proxy: null,
    in_pool: true,
    pool_status: 'in-pool',
    cooldown_until: null,
    created_at: null,
    last_used: null,
    quota: null,
    protected_models: [],
    session_bindings: 0,
    subscription_tier: null,
    activity: { requests: 0, errors: 0, last_used_at: null, resting_models: [] },
    ...overrides,
  }
}

/** The proxy's status: on, on the default port, `pool` accounts in the pool, nothing wrong. */
export function makeProxyStatusDto(
  pool: number,
  overrides: Partial<ProxyStatusDto> = {},
): ProxyStatusDto {
  return {
    enabled: true,
    host: '127.0.0.1',
    port: 8045,
    base_url: 'http://127.0.0.1:8045',
    pool_size: pool,
    auth_mode: 'off',
    requests: { total: 0, succeeded: 0, failed: 0 },
    ...overrides,
    counts: {
      in_pool: pool,
      disabled: 0,
      proxy_disabled: 0,
      quota_protected: 0,
      cooldown: 0,
      unreadable: 0,
      ...overrides.counts,
    },
  }
}

/** The settings of a fresh install. */
export function makeSettingsDto(overrides: Partial<SettingsDto> = {}): SettingsDto {
  return {
    data_dir: '/home/user/.agtray',
    theme: 'system',
    start_at_login: false,
    start_proxy_at_launch: true,
    host: '127.0.0.1',
    port: 8045,
    lan_access: false,
    auth_mode: 'auto',
    api_key_source: 'settings',
    quota_refresh_minutes: 15,
    outbound_proxy: null,
    restart_required: false,
    scheduling_mode: 'balanced',
    fixed_account_id: null,
    quota_protection_enabled: false,
    quota_protection_threshold: 10,
    client_version: '4.3.0',
    client_version_source: 'built-in',
    client_version_built_in: '4.3.0',
    ...overrides,
  }
}
