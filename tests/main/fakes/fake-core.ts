import { vi } from 'vitest'
import type { AppCore, StartedCore } from '../../../src/core'
import { createTypedEmitter } from '../../../src/core/runtime/typed-emitter'
import type { AccountDto, AccountListDto } from '../../../src/shared/account-dto'
import type { CoreEventMap } from '../../../src/shared/core-events'
import type { ProxyStatusDto } from '../../../src/shared/proxy-status-dto'
import type { SettingsDto } from '../../../src/shared/settings-dto'
import { makeAccountDto, makeProxyStatusDto, makeSettingsDto } from '../../helpers/dto-fixtures'

export const accountDto = (overrides: Partial<AccountDto> = {}): AccountDto =>
  makeAccountDto({ email: 'one@example.com', ...overrides })

export const disabledAccount = (id: string, email: string): AccountDto =>
  accountDto({
    id,
    email,
    disabled: true,
    disabled_at: 1,
    disabled_reason: 'invalid_grant',
    in_pool: false,
    pool_status: 'disabled',
  })

export const statusDto = (overrides: Partial<ProxyStatusDto> = {}): ProxyStatusDto =>
  makeProxyStatusDto(3, overrides)

export const settingsDto = (overrides: Partial<SettingsDto> = {}): SettingsDto =>
  makeSettingsDto(overrides)

/**
 * A core whose every method is a `vi.fn()`, with a real typed emitter for its events. It stands for
 * both the created core and the started one, which `start()` resolves to.
 */
export function createFakeCore(
  state: { status?: ProxyStatusDto; accounts?: AccountListDto; settings?: SettingsDto } = {},
) {
  let status = state.status ?? statusDto()
  const accounts = state.accounts ?? { accounts: [accountDto()], unreadable: [] }
  let settings = state.settings ?? settingsDto()
  const events = createTypedEmitter<CoreEventMap>()
  const logger = {
    debug: vi.fn(),
    info: vi.fn(),
    warn: vi.fn(),
    error: vi.fn(),
    redactor: { add: vi.fn(), redact: (text: string) => text, redactDeep: <T>(value: T) => value },
  }
  let flows = 0
  const core = {
    dataDir: '/home/user/.agtray',
    logger,
    events,
    url: 'http://127.0.0.1:8045',
    start: vi.fn<() => Promise<StartedCore>>(),
    open: vi.fn<() => Promise<StartedCore>>(),
    stop: vi.fn(async () => undefined),
    settings: vi.fn(),
    listAccounts: vi.fn(() => accounts),
    addAccountByRefreshToken: vi.fn(),
    addAccountsFromText: vi.fn(async () => ({ total: 1, added: 1, updated: 0, failed: [] })),
    removeAccount: vi.fn(async () => undefined),
    setAccountProxyDisabled: vi.fn(async (id: string, disabled: boolean) =>
      accountDto({ id, proxy_disabled: disabled }),
    ),
    importAccounts: vi.fn(),
    refreshAccountQuota: vi.fn(async (id: string) => accountDto({ id })),
    refreshAllQuotas: vi.fn(async () => ({ total: 0, refreshed: 0, failed: 0, results: [] })),
    exportAccounts: vi.fn(async () => [] as never[]),
    startOAuth: vi.fn(async () => {
      flows++
      return {
        flow_id: `flow-${flows}`,
        auth_url: `https://accounts.google.com/o/oauth2/v2/auth?flow=${flows}`,
      }
    }),
    cancelOAuth: vi.fn(),
    oauthUrl: vi.fn(
      (flowId: string) => `https://accounts.google.com/o/oauth2/v2/auth?for=${flowId}`,
    ),
    completeOAuthCallback: vi.fn(),
    completeOAuthPasted: vi.fn(async () => ({ ok: true, message: 'connected' })),
    proxyStatus: vi.fn(() => status),
    setProxyEnabled: vi.fn(async (enabled: boolean) => {
      status = { ...status, enabled }
      return status
    }),
    revealApiKey: vi.fn(() => 'sk-test-key'),
    regenerateApiKey: vi.fn(async () => status),
    getSettings: vi.fn(() => settings),
    updateSettings: vi.fn(async (patch: Partial<SettingsDto>) => {
      settings = { ...settings, ...patch }
      return settings
    }),
  }
  core.start.mockImplementation(async () => core)
  core.open.mockImplementation(async () => core)
  return core satisfies AppCore & StartedCore
}

export type FakeCore = ReturnType<typeof createFakeCore>
