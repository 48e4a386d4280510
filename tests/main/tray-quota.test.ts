import { describe, expect, it, vi } from 'vitest'
import type { QuotaDto } from '../../src/shared/account-dto'
import { createStartAtLogin } from '../../src/main/login-item'
import { createTrayController } from '../../src/main/tray-controller'
import { accountDto, createFakeCore } from './fakes/fake-core'
import { createFakeElectron } from './fakes/fake-electron'

vi.mock('electron', async () => (await import('./fakes/fake-electron')).electronModuleMock())

const quota = (claude: number, flash: number, extra: Partial<QuotaDto> = {}): QuotaDto => ({
  models: [
    { name: 'claude-sonnet-4-6', percentage: claude, reset_time: null },
    { name: 'gemini-3-flash', percentage: flash, reset_time: null },
  ],
  subscription_tier: null,
  last_updated: 1,
  is_forbidden: false,
  forbidden_reason: null,
  ...extra,
})

function setUp() {
  const core = createFakeCore()
  const fake = createFakeElectron()
  createTrayController({
    electron: {
      createTray: (image) => new fake.electron.Tray(image),
      buildMenu: (template) => fake.electron.Menu.buildFromTemplate(template),
      loadImage: (file) => fake.electron.nativeImage.createFromPath(file),
      clipboard: fake.electron.clipboard,
    },
    core,
    resourcesDir: '/opt/agtray/resources',
    startAtLogin: createStartAtLogin({ app: fake.electron.app, core }),
    window: { show: vi.fn(), toggle: vi.fn() },
    openExternal: vi.fn(async () => undefined),
    reauthorize: vi.fn(async () => undefined),
    quit: vi.fn(),
    logger: core.logger,
  })
  const disabledLabels = () =>
    fake
      .lastMenu()
      .filter((item) => item.enabled === false)
      .map((item) => item.label)
  return { core, fake, disabledLabels }
}

describe('the tray menu’s quota lines', () => {
  it('show nothing until a quota was fetched, then the pool’s quota per family and the best account', () => {
    const { core, disabledLabels } = setUp()
    expect(disabledLabels()).toEqual(['Proxy on — port 8045', '3 in pool'])

    core.events.emit('accounts-changed', {
      reason: 'quota-refreshed',
      account_id: 'b',
      accounts: [
        accountDto({ id: 'a', email: 'ana@example.com', quota: quota(0, 40) }),
        accountDto({ id: 'b', email: 'bob@example.com', quota: quota(70, 90) }),
        // Forbidden, out of the pool: its full quota serves nobody.
        accountDto({
          id: 'c',
          email: 'cid@example.com',
          in_pool: false,
          pool_status: 'proxy-disabled',
          quota: quota(100, 100, { is_forbidden: true }),
        }),
      ],
      unreadable: [],
    })
    expect(disabledLabels()).toEqual([
      'Proxy on — port 8045',
      '3 in pool',
      'Best account: bob@example.com',
      'Claude: 70% · 1 of 2 accounts',
      'Gemini Flash: 90% · 2 of 2 accounts',
    ])
  })
})
