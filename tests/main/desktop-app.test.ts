import { describe, expect, it, vi } from 'vitest'
import { AgtrayError, resolveDataDir } from '../../src/core'
import { APP_CONTENT_SECURITY_POLICY } from '../../src/main/content-security-policy'
import { createDesktopApp } from '../../src/main/desktop-app'
import { createElectronSettingsStore } from '../../src/main/electron-settings-store'
import { ipcCallChannels } from '../../src/shared/ipc-contract'
import { accountDto, createFakeCore, statusDto } from './fakes/fake-core'
import { createFakeElectron } from './fakes/fake-electron'

vi.mock('electron', async () => (await import('./fakes/fake-electron')).electronModuleMock())

const env = { AGTRAY_DATA_DIR: '/tmp/agtray-desktop-test' }
const APP_URL = 'file:///opt/agtray/out/renderer/index.html'

function setUp(options: { singleInstanceLock?: boolean } = {}) {
  const fake = createFakeElectron(options)
  const core = createFakeCore()
  const createCore = vi.fn(() => core)
  const app = createDesktopApp({
    electron: fake.electron,
    createCore,
    createLogger: () => core.logger,
    env,
    mainDir: '/opt/agtray/out/main',
    platform: 'linux',
    chromeVersion: '140.0.7339.41',
  })
  return { fake, core, createCore, app }
}

const listenerCount = (emitter: { listenerCount(name: string): number }, name: string) =>
  emitter.listenerCount(name)

describe('the desktop app lifecycle', () => {
  it('quits at once when another instance holds the lock', async () => {
    const { fake, createCore, app } = setUp({ singleInstanceLock: false })
    await app.run()
    expect(fake.app.quit).toHaveBeenCalled()
    expect(createCore).not.toHaveBeenCalled()
    expect(fake.windows).toHaveLength(0)
  })

  it('starts the core on the data folder with electron-store, as the desktop', async () => {
    const { fake, core, createCore, app } = setUp()
    await app.run()
    expect(fake.app.whenReady).toHaveBeenCalled()
    expect(createCore).toHaveBeenCalledWith(
      expect.objectContaining({
        dataDir: resolveDataDir(undefined, env),
        settingsStore: createElectronSettingsStore,
        role: 'desktop',
      }),
    )
    expect(core.start).toHaveBeenCalledOnce()
    expect(fake.windows).toHaveLength(1)
    expect(fake.trays).toHaveLength(1)
    expect((fake.trays[0]!.image as { file: string }).file).toBe(
      '/opt/agtray/resources/tray-on.png',
    )
  })

  it('shows the error and quits when the core cannot start', async () => {
    const { fake, core, app } = setUp()
    core.start.mockRejectedValue(
      new AgtrayError('data_dir_locked', '/home/user/.agtray is in use by agtray serve (pid 42)'),
    )
    await app.run()
    expect(fake.module.dialog.showErrorBox).toHaveBeenCalledWith(
      expect.any(String),
      '/home/user/.agtray is in use by agtray serve (pid 42)',
    )
    expect(fake.app.quit).toHaveBeenCalled()
    expect(fake.quitCalls.at(-1)).toEqual({ prevented: false })
    expect(fake.windows).toHaveLength(0)
    expect(fake.trays).toHaveLength(0)
    expect(fake.handlers.size).toBe(0)
  })

  it('brings the window forward when a second instance starts', async () => {
    const { fake, app } = setUp()
    await app.run()
    const window = fake.windows[0]!
    window.emit('ready-to-show')
    window.close()
    expect(window.visible).toBe(false)
    fake.app.emit('second-instance')
    expect(window.visible).toBe(true)
    expect(window.focus).toHaveBeenCalled()
  })

  it('stays in the tray when its window is closed', async () => {
    const { fake, app } = setUp()
    await app.run()
    expect(listenerCount(fake.app, 'window-all-closed')).toBe(1)
    fake.windows[0]!.close()
    fake.app.emit('window-all-closed')
    expect(fake.app.quit).not.toHaveBeenCalled()
    expect(fake.windows[0]!.destroyed).toBe(false)
  })

  it('waits for the core to stop before quitting, then lets the window close', async () => {
    const { fake, core, app } = setUp()
    let finishStop = (): void => undefined
    core.stop.mockImplementation(
      () => new Promise<undefined>((resolve) => (finishStop = () => resolve(undefined))),
    )
    await app.run()
    fake.app.quit()
    expect(fake.quitCalls).toEqual([{ prevented: true }])
    expect(core.stop).toHaveBeenCalledOnce()
    fake.app.quit()
    expect(core.stop).toHaveBeenCalledOnce()
    expect(fake.quitCalls.at(-1)).toEqual({ prevented: true })
    finishStop()
    await vi.waitFor(() => expect(fake.quitCalls.at(-1)).toEqual({ prevented: false }))
    expect(fake.trays[0]!.destroy).toHaveBeenCalled()
    fake.windows[0]!.close()
    expect(fake.windows[0]!.destroyed).toBe(true)
  })
})

describe('the desktop app wiring', () => {
  it('registers a handler for every contract channel, answering the app page', async () => {
    const { fake, app } = setUp()
    await app.run()
    expect(new Set(fake.handlers.keys())).toEqual(new Set(ipcCallChannels))
    const event = fake.windows[0]!.webContents.ipcEvent(APP_URL)
    await expect(fake.invoke('proxy:status', event)).resolves.toEqual({
      ok: true,
      value: statusDto(),
    })
  })

  it('forwards every core event to the window under its IPC name', async () => {
    const { fake, core, app } = setUp()
    await app.run()
    const send = fake.windows[0]!.webContents.send
    const accounts = {
      reason: 'added' as const,
      account_id: 'acc-1',
      accounts: [accountDto()],
      unreadable: [],
    }
    core.events.emit('accounts-changed', accounts)
    core.events.emit('proxy-status-changed', statusDto({ enabled: false }))
    const finished = {
      flow_id: 'f',
      ok: false,
      account: null,
      created: false,
      reenabled: false,
      message: 'x',
    }
    core.events.emit('oauth-finished', finished)
    expect(send.mock.calls).toEqual([
      ['accounts:changed', accounts],
      ['proxy:status-changed', statusDto({ enabled: false })],
      ['oauth:finished', finished],
    ])
  })

  it('adds the content security policy header to the app page only', async () => {
    const { fake, app } = setUp()
    await app.run()
    const listener = fake.module.session.defaultSession.webRequest.onHeadersReceived.mock
      .calls[0]![0] as (details: object, callback: (response: object) => void) => void
    const answer = (details: object) => {
      let response: object | undefined
      listener(details, (value) => (response = value))
      return response as { responseHeaders?: Record<string, string[]> }
    }
    const page = answer({
      url: `${APP_URL}#/`,
      resourceType: 'mainFrame',
      responseHeaders: { 'content-security-policy': ['default-src *'], 'x-other': ['1'] },
    })
    expect(page.responseHeaders).toEqual({
      'Content-Security-Policy': [APP_CONTENT_SECURITY_POLICY],
      'x-other': ['1'],
    })
    expect(answer({ url: 'https://accounts.google.com/', resourceType: 'mainFrame' })).toEqual({})
  })

  it('re-authorizes from the tray in the OAuth window, and shows the app when it ends', async () => {
    const { fake, core, app } = setUp()
    await app.run()
    core.events.emit('accounts-changed', {
      reason: 'disabled',
      account_id: 'dead',
      accounts: [
        accountDto({
          id: 'dead',
          email: 'dead@example.com',
          disabled: true,
          pool_status: 'disabled',
        }),
      ],
      unreadable: [],
    })
    const reauthorize = fake.lastMenu().find((item) => item.label === 'Re-authorize')!
    const [account] = reauthorize.submenu as { click(): void }[]
    account!.click()
    await vi.waitFor(() => expect(fake.windows).toHaveLength(2))
    expect(core.startOAuth).toHaveBeenCalledWith({
      accountId: 'dead',
      redirect: { kind: 'loopback' },
    })
    const main = fake.windows[0]!
    main.hide()
    core.events.emit('oauth-finished', {
      flow_id: 'flow-1',
      ok: true,
      account: null,
      created: false,
      reenabled: true,
      message: null,
    })
    expect(fake.windows[1]!.destroyed).toBe(true)
    expect(main.visible).toBe(true)
  })

  it('updates the tray checkbox when the settings page changes "Start at login"', async () => {
    const { fake, app } = setUp()
    await app.run()
    const event = fake.windows[0]!.webContents.ipcEvent(APP_URL)
    await fake.invoke('settings:update', event, { start_at_login: true })
    expect(fake.lastMenu().find((item) => item.label === 'Start at login')?.checked).toBe(true)
    expect(fake.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true })
  })
})
