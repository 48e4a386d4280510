import { describe, expect, it, vi } from 'vitest'
import { AgtrayError } from '../../src/core'
import { plainChromeUserAgent } from '../../src/main/chrome-user-agent'
import { createOAuthWindows, OAUTH_PARTITION } from '../../src/main/oauth-window'
import type { OAuthFinishedDto } from '../../src/shared/oauth-dto'
import { createFakeCore } from './fakes/fake-core'
import { createFakeElectron } from './fakes/fake-electron'

vi.mock('electron', async () => (await import('./fakes/fake-electron')).electronModuleMock())

const USER_AGENT = plainChromeUserAgent('linux', '140.0.7339.41')

function setUp() {
  const fake = createFakeElectron()
  const core = createFakeCore()
  const onFinished = vi.fn()
  const oauth = createOAuthWindows({
    core,
    createWindow: (options) => new fake.electron.BrowserWindow(options),
    openExternal: (url) => fake.electron.shell.openExternal(url),
    userAgent: USER_AGENT,
    logger: core.logger,
    onFinished,
  })
  return { fake, core, oauth, onFinished }
}

const finished = (flowId: string, ok = true): OAuthFinishedDto => ({
  flow_id: flowId,
  ok,
  account: null,
  created: false,
  reenabled: false,
  message: ok ? null : 'The sign-in was cancelled',
})

describe('the OAuth window', () => {
  it('opens Google in a sandboxed window of its own, without the preload', async () => {
    const { fake, core, oauth } = setUp()
    const started = await oauth.start(null)
    expect(core.startOAuth).toHaveBeenCalledWith({
      accountId: null,
      redirect: { kind: 'loopback' },
    })
    expect(fake.windows).toHaveLength(1)
    const window = fake.windows[0]!
    expect(window.options).toMatchObject({ width: 520, height: 720, title: 'Sign in with Google' })
    const prefs = window.options.webPreferences
    expect(prefs).toEqual({
      partition: OAUTH_PARTITION,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(prefs.preload).toBeUndefined()
    expect(OAUTH_PARTITION.startsWith('persist:')).toBe(false)
    expect(window.loadURL).toHaveBeenCalledWith(started.auth_url, { userAgent: USER_AGENT })
    expect(window.webContents.setUserAgent).toHaveBeenCalledWith(USER_AGENT)
  })

  it('presents a plain Chrome user agent, never Electron or agtray', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const agent = plainChromeUserAgent(platform, '140.0.7339.41')
      expect(agent).toMatch(
        /^Mozilla\/5\.0 \(.+\) AppleWebKit\/537\.36 \(KHTML, like Gecko\) Chrome\/140\.0\.0\.0 Safari\/537\.36$/,
      )
      expect(agent).not.toMatch(/electron|agtray/i)
    }
    expect(plainChromeUserAgent('linux', undefined)).toMatch(/Chrome\/\d+\.0\.0\.0/)
  })

  it('cancels the flow when the user closes the window, freeing its loopback port', async () => {
    const { fake, core, oauth } = setUp()
    const started = await oauth.start(null)
    fake.windows[0]!.close()
    expect(core.cancelOAuth).toHaveBeenCalledWith(started.flow_id)
    expect(core.cancelOAuth).toHaveBeenCalledTimes(1)
  })

  it('does not mind a flow that ended on its own just before the window closed', async () => {
    const { fake, core, oauth } = setUp()
    await oauth.start(null)
    core.cancelOAuth.mockImplementation(() => {
      throw new AgtrayError('not_found', 'This sign-in has already ended')
    })
    expect(() => fake.windows[0]!.close()).not.toThrow()
    expect(core.logger.warn).not.toHaveBeenCalled()
  })

  it('closes its window when the core announces the end of its flow, and only its flow', async () => {
    const { fake, core, oauth, onFinished } = setUp()
    const first = await oauth.start(null)
    const second = await oauth.start(null)
    const [firstWindow, secondWindow] = fake.windows
    core.events.emit('oauth-finished', finished('someone-elses-flow'))
    expect(firstWindow!.destroyed || secondWindow!.destroyed).toBe(false)
    core.events.emit('oauth-finished', finished(first.flow_id))
    expect(firstWindow!.destroyed).toBe(true)
    expect(secondWindow!.destroyed).toBe(false)
    expect(core.cancelOAuth).not.toHaveBeenCalled()
    expect(onFinished).toHaveBeenCalledTimes(1)
    core.events.emit('oauth-finished', finished(second.flow_id, false))
    expect(secondWindow!.destroyed).toBe(true)
    expect(core.cancelOAuth).not.toHaveBeenCalled()
  })

  it('cancel closes the window and cancels the flow once', async () => {
    const { fake, core, oauth } = setUp()
    const started = await oauth.start(null)
    oauth.cancel(started.flow_id)
    expect(fake.windows[0]!.destroyed).toBe(true)
    expect(core.cancelOAuth).toHaveBeenCalledTimes(1)
    expect(core.cancelOAuth).toHaveBeenCalledWith(started.flow_id)
  })

  it('hands the flow to the system browser: the window closes, the flow keeps waiting', async () => {
    const { fake, core, oauth, onFinished } = setUp()
    const started = await oauth.start(null)
    await oauth.openInBrowser(started.flow_id)
    expect(core.oauthUrl).toHaveBeenCalledWith(started.flow_id)
    expect(fake.module.shell.openExternal).toHaveBeenCalledWith(core.oauthUrl(started.flow_id))
    expect(fake.windows[0]!.destroyed).toBe(true)
    expect(core.cancelOAuth).not.toHaveBeenCalled()
    core.events.emit('oauth-finished', finished(started.flow_id))
    expect(onFinished).toHaveBeenCalledTimes(1)
  })

  it('says not_found for a flow that already ended', async () => {
    const { core, oauth } = setUp()
    core.oauthUrl.mockReturnValue(null as never)
    await expect(oauth.openInBrowser('gone')).rejects.toMatchObject({ code: 'not_found' })
  })

  it('keeps one window per account being re-authorized', async () => {
    const { fake, core, oauth } = setUp()
    const first = await oauth.start('acc-1')
    const again = await oauth.start('acc-1')
    expect(again).toEqual(first)
    expect(fake.windows).toHaveLength(1)
    expect(fake.windows[0]!.focus).toHaveBeenCalled()
    expect(core.startOAuth).toHaveBeenCalledTimes(1)
    await oauth.start('acc-2')
    expect(fake.windows).toHaveLength(2)
  })

  it('lets Google and the loopback redirect load, nothing else; popups go to the browser', async () => {
    const { fake, oauth } = setUp()
    await oauth.start(null)
    const contents = fake.windows[0]!.webContents
    expect(contents.navigate('https://accounts.google.com/signin/v2/challenge')).toBe(false)
    expect(
      contents.navigate('http://127.0.0.1:53123/oauth-callback?code=4/x', 'will-redirect'),
    ).toBe(false)
    expect(contents.navigate('http://evil.example/')).toBe(true)
    expect(contents.navigate('file:///etc/passwd')).toBe(true)
    expect(contents.openWindow('https://support.google.com/accounts')).toEqual({ action: 'deny' })
    expect(fake.module.shell.openExternal).toHaveBeenCalledWith(
      'https://support.google.com/accounts',
    )
    expect(contents.openWindow('javascript:alert(1)')).toEqual({ action: 'deny' })
    expect(fake.module.shell.openExternal).toHaveBeenCalledTimes(1)
  })

  it('closes its windows without cancelling when disposed at quit', async () => {
    const { fake, core, oauth } = setUp()
    await oauth.start(null)
    oauth.dispose()
    expect(fake.windows[0]!.destroyed).toBe(true)
    expect(core.cancelOAuth).not.toHaveBeenCalled()
  })
})
