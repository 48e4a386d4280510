import type { AccountDto, AccountListDto } from '../../../src/shared/account-dto'
import type { AccountsChangedEvent } from '../../../src/shared/core-events'
import type { ProxyStatusDto } from '../../../src/shared/proxy-status-dto'
import type { SettingsDto } from '../../../src/shared/settings-dto'
import { makeAccountDto, makeProxyStatusDto, makeSettingsDto } from '../../helpers/dto-fixtures'

export const makeAccount = (overrides: Partial<AccountDto> = {}): AccountDto =>
  makeAccountDto({ name: 'Ada Lovelace', project_id: 'bright-river-123', ...overrides })

export const listOf = (...accounts: AccountDto[]): AccountListDto => ({ accounts, unreadable: [] })

export const changedEvent = (
  accounts: AccountDto[],
  reason: AccountsChangedEvent['reason'] = 'updated',
): AccountsChangedEvent => ({ accounts, unreadable: [], reason, account_id: null })

export const makeStatus = (overrides: Partial<ProxyStatusDto> = {}): ProxyStatusDto =>
  makeProxyStatusDto(2, { auth_mode: 'all_except_health', ...overrides })

export const makeSettings = (overrides: Partial<SettingsDto> = {}): SettingsDto =>
  makeSettingsDto({ data_dir: '/home/ada/.agtray', theme: 'light', ...overrides })
