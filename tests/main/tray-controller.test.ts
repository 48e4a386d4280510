import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { createStartAtLogin } from '../../src/main/login-item'
import { createTrayController } from '../../src/main/tray-controller'
import { accountDto, createFakeCore, disabledAccount, statusDto } from './fakes/fake-core'
import { createFakeElectron } from './fakes/fake-electron'
import { click, itemLabelled, submenuOf } from './fakes/menu-items'

vi.mock('electron', async () => (await import('./fakes/fake-electron')).electronModuleMock())

function setUp(core = createFakeCore()) {
  const fake = createFakeElectron()
  const window = { show: vi.fn(), toggle: vi.fn() }
  const reauthorize = vi.fn(async (_accountId: string) => undefined)
  const quit = vi.fn()
  const openExternal = vi.fn(async (_url: string) => undefined)
  const startAtLogin = createStartAtLogin({ app: fake.electron.app, core })
  const controller = createTrayController({
    electron: {
      createTray: (image) => new fake.electron.Tray(image),
      buildMenu: (template) => fake.electron.Menu.buildFromTemplate(template),
      loadImage: (file) => fake.electron.nativeImage.createFromPath(file),
      clipboard: fake.electron.clipboard,
    },
    core,
    resourcesDir: '/opt/agtray/resources',
    startAtLogin,
    window,
    reauthorize,
    openExternal,
    quit,
    logger: core.logger,
  })
  const tray = fake.trays[0]!
  const lastImage = () => (tray.setImage.mock.calls.at(-1)?.[0] as { file: string }).file
  const lastTooltip = () => tray.setToolTip.mock.calls.at(-1)?.[0] as string
  return {
    fake,
    core,
    window,
    reauthorize,
    openExternal,
    quit,
    controller,
    tray,
    lastImage,
    lastTooltip,
  }
}

const icon = (name: string) => path.join('/opt/agtray/resources', `${name}.png`)

describe('the tray controller', () => {
  it('starts from the core state: icon, tooltip and menu', () => {
    const { fake, tray, lastImage, lastTooltip } = setUp()
    expect(fake.trays).toHaveLength(1)
    expect((tray.image as { file: string }).file).toBe(icon('tray-on'))
    expect(lastImage()).toBe(icon('tray-on'))
    expect(lastTooltip()).toBe('agtray — proxy on (port 8045) · 3 in pool')
    expect(fake.lastMenu()[0]?.label).toBe('Proxy on — port 8045')
  })

  it('rebuilds the menu, icon and tooltip on proxy-status-changed', () => {
    const { fake, core, lastImage, lastTooltip } = setUp()
    const built = fake.module.Menu.buildFromTemplate.mock.calls.length
    core.events.emit('proxy-status-changed', statusDto({ enabled: false }))
    expect(fake.module.Menu.buildFromTemplate.mock.calls.length).toBe(built + 1)
    expect(fake.lastMenu()[0]?.label).toBe('Proxy off')
    expect(itemLabelled(fake.lastMenu(), 'Proxy enabled').checked).toBe(false)
    expect(lastImage()).toBe(icon('tray-off'))
    expect(lastTooltip()).toBe('agtray — proxy off · 3 in pool')
  })

  it('rebuilds the Re-authorize submenu on accounts-changed', () => {
    const { fake, core, lastImage } = setUp()
    const built = fake.module.Menu.buildFromTemplate.mock.calls.length
    core.events.emit('accounts-changed', {
      reason: 'disabled',
      account_id: 'dead',
      accounts: [accountDto(), disabledAccount('dead', 'dead@example.com')],
      unreadable: [],
    })
    expect(fake.module.Menu.buildFromTemplate.mock.calls.length).toBe(built + 1)
    const submenu = submenuOf(itemLabelled(fake.lastMenu(), 'Re-authorize'))
    expect(submenu.map((item) => item.label)).toEqual(['dead@example.com'])
    expect(lastImage()).toBe(icon('tray-warning'))
    expect(fake.lastMenu()[2]?.label).toBe('3 in pool · 1 disabled')
  })

  it('switches the proxy off from its checkbox', () => {
    const { fake, core } = setUp()
    click(itemLabelled(fake.lastMenu(), 'Proxy enabled'))
    expect(core.setProxyEnabled).toHaveBeenCalledWith(false)
  })

  it('copies the API base URL to the clipboard', () => {
    const { fake } = setUp()
    click(itemLabelled(fake.lastMenu(), 'Copy API base URL'))
    expect(fake.module.clipboard.writeText).toHaveBeenCalledWith('http://127.0.0.1:8045')
  })

  it('starts at login: the OS login item, the stored setting, and a checked box', async () => {
    const { fake, core } = setUp()
    click(itemLabelled(fake.lastMenu(), 'Start at login'))
    await vi.waitFor(() =>
      expect(itemLabelled(fake.lastMenu(), 'Start at login').checked).toBe(true),
    )
    expect(core.updateSettings).toHaveBeenCalledWith({ start_at_login: true })
    expect(fake.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true })
  })

  it('re-authorizes a disabled account through the sign-in flow', () => {
    const core = createFakeCore({
      accounts: { accounts: [disabledAccount('dead', 'dead@example.com')], unreadable: [] },
    })
    const { fake, reauthorize } = setUp(core)
    click(submenuOf(itemLabelled(fake.lastMenu(), 'Re-authorize'))[0])
    expect(reauthorize).toHaveBeenCalledWith('dead')
  })

  it('opens Google’s verification page in the browser, and only an https one', () => {
    const url = 'https://accounts.google.com/signin/continue?sarp=1'
    const core = createFakeCore({
      accounts: {
        accounts: [
          accountDto({
            id: 'v',
            email: 'v@example.com',
            validation_blocked: true,
            validation_url: url,
          }),
          accountDto({
            id: 'x',
            email: 'x@example.com',
            validation_blocked: true,
            validation_url: 'file:///etc/passwd',
          }),
        ],
        unreadable: [],
      },
    })
    const { fake, openExternal } = setUp(core)
    const submenu = submenuOf(itemLabelled(fake.lastMenu(), 'Verify account'))
    click(submenu[0])
    click(submenu[1])
    expect(openExternal.mock.calls).toEqual([[url]])
  })

  it('toggles the window on a left click; opens it and quits from the menu', () => {
    const { fake, tray, window, quit } = setUp()
    tray.emit('click')
    expect(window.toggle).toHaveBeenCalledTimes(1)
    click(itemLabelled(fake.lastMenu(), 'Open agtray'))
    expect(window.show).toHaveBeenCalledTimes(1)
    click(itemLabelled(fake.lastMenu(), 'Quit'))
    expect(quit).toHaveBeenCalledTimes(1)
  })

  it('stops listening to the core once destroyed', () => {
    const { fake, core, controller, tray } = setUp()
    controller.destroy()
    const built = fake.module.Menu.buildFromTemplate.mock.calls.length
    core.events.emit('proxy-status-changed', statusDto({ enabled: false }))
    expect(fake.module.Menu.buildFromTemplate.mock.calls.length).toBe(built)
    expect(tray.destroy).toHaveBeenCalled()
  })
})
