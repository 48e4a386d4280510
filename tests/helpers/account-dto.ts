import type { AccountDto } from '../../src/shared/account-dto'

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
    in_pool: true,
    pool_status: 'in-pool',
    cooldown_until: null,
    created_at: null,
    last_used: null,
    quota: null,
    ...overrides,
  }
}
