import type { AccountDto, AccountListDto } from '../../../src/shared/account-dto'
import type { AccountsChangedEvent } from '../../../src/shared/core-events'
import type { ProxyStatusDto } from '../../../src/shared/proxy-status-dto'
import type { SettingsDto } from '../../../src/shared/settings-dto'
import { makeAccountDto } from '../../helpers/account-dto'

export const makeAccount = (overrides: Partial<AccountDto> = {}): AccountDto =>
  makeAccountDto({ name: 'Ada Lovelace', project_id: 'bright-river-123', ...overrides })

export const listOf = (...accounts: AccountDto[]): AccountListDto => ({ accounts, unreadable: [] })

export const changedEvent = (
  accounts: AccountDto[],
  reason: AccountsChangedEvent['reason'] = 'updated',
): AccountsChangedEvent => ({ accounts, unreadable: [], reason, account_id: null })

export function makeStatus(overrides: Partial<ProxyStatusDto> = {}): ProxyStatusDto {
  return {
    enabled: true,
    host: '127.0.0.1',
    port: 8045,
    base_url: 'http://127.0.0.1:8045',
    pool_size: 2,
    counts: {
      in_pool: 2,
      disabled: 0,
      proxy_disabled: 0,
      quota_protected: 0,
      cooldown: 0,
      unreadable: 0,
    },
    auth_mode: 'all_except_health',
    requests: { total: 0, succeeded: 0, failed: 0 },
    ...overrides,
  }
}

export function makeSettings(overrides: Partial<SettingsDto> = {}): SettingsDto {
  return {
    data_dir: '/home/ada/.agtray',
    theme: 'light',
    start_at_login: false,
    start_proxy_at_launch: true,
    host: '127.0.0.1',
    port: 8045,
    lan_access: false,
    auth_mode: 'auto',
    api_key_source: 'settings',
    restart_required: false,
    ...overrides,
  }
}
