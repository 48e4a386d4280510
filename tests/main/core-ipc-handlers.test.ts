import { readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAccountsExport, exportFileName } from '../../src/main/accounts-export-file'
import { createCoreIpcHandlers } from '../../src/main/core-ipc-handlers'
import { createStartAtLogin } from '../../src/main/login-item'
import { createOAuthWindows } from '../../src/main/oauth-window'
import { writePrivateFile } from '../../src/main/private-file'
import { makeTempDir } from '../helpers/temp-dir'
import { createFakeCore } from './fakes/fake-core'
import { createFakeElectron } from './fakes/fake-electron'

vi.mock('electron', async () => (await import('./fakes/fake-electron')).electronModuleMock())

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

const exported = [
  { email: 'one@example.com', refresh_token: '1//secret-one' },
  { email: 'two@example.com', refresh_token: '1//secret-two' },
]

function setUp() {
  const fake = createFakeElectron()
  const core = createFakeCore()
  core.exportAccounts.mockResolvedValue(exported as never)
  const oauthWindows = createOAuthWindows({
    core,
    createWindow: (options) => new fake.electron.BrowserWindow(options),
    openExternal: (url) => fake.electron.shell.openExternal(url),
    userAgent: 'Mozilla/5.0 Chrome/140.0.0.0',
    logger: core.logger,
  })
  const exportAccounts = createAccountsExport({
    core,
    showSaveDialog: (options) => fake.electron.dialog.showSaveDialog(options),
    writePrivateFile,
    defaultFolder: () => temp.dir,
    now: () => new Date(2025, 0, 31, 23, 30),
  })
  const onSettingsChanged = vi.fn()
  const handlers = createCoreIpcHandlers({
    core,
    oauthWindows,
    exportAccounts,
    startAtLogin: createStartAtLogin({ app: fake.electron.app, core }),
    onSettingsChanged,
  })
  return { fake, core, handlers, onSettingsChanged }
}

describe('the core IPC handlers', () => {
  it('answer from the core', async () => {
    const { core, handlers } = setUp()
    await expect(handlers['accounts:list']()).resolves.toBe(core.listAccounts())
    await handlers['accounts:add-from-text']('1//abc')
    expect(core.addAccountsFromText).toHaveBeenCalledWith('1//abc')
    await expect(handlers['accounts:remove']('acc-1')).resolves.toBeNull()
    expect(core.removeAccount).toHaveBeenCalledWith('acc-1')
    await expect(
      handlers['accounts:set-proxy-disabled']('acc-1', true, 'manual'),
    ).resolves.toMatchObject({
      id: 'acc-1',
      proxy_disabled: true,
    })
    expect(core.setAccountProxyDisabled).toHaveBeenCalledWith('acc-1', true, 'manual')
    await handlers['accounts:set-outbound-proxy']('acc-1', 'socks5://127.0.0.1:1080')
    expect(core.setAccountOutboundProxy).toHaveBeenCalledWith('acc-1', 'socks5://127.0.0.1:1080')
    await handlers['proxy:status']()
    await expect(handlers['proxy:set-enabled'](false)).resolves.toMatchObject({ enabled: false })
    await expect(handlers['proxy:reveal-api-key']()).resolves.toBe('sk-test-key')
    await handlers['proxy:regenerate-api-key']()
    expect(core.regenerateApiKey).toHaveBeenCalled()
    await expect(handlers['settings:get']()).resolves.toMatchObject({ theme: 'system' })
  })

  it('start-oauth starts a loopback flow and opens Google in the OAuth window', async () => {
    const { fake, core, handlers } = setUp()
    const started = await handlers['accounts:start-oauth']('acc-1')
    expect(core.startOAuth).toHaveBeenCalledWith({
      accountId: 'acc-1',
      redirect: { kind: 'loopback' },
    })
    expect(fake.windows).toHaveLength(1)
    expect(fake.windows[0]!.loadURL).toHaveBeenCalledWith(started.auth_url, expect.anything())
  })

  it('cancel-oauth closes the window and cancels the flow', async () => {
    const { fake, core, handlers } = setUp()
    const started = await handlers['accounts:start-oauth'](null)
    await expect(handlers['accounts:cancel-oauth'](started.flow_id)).resolves.toBeNull()
    expect(fake.windows[0]!.destroyed).toBe(true)
    expect(core.cancelOAuth).toHaveBeenCalledOnce()
    expect(core.cancelOAuth).toHaveBeenCalledWith(started.flow_id)
  })

  it('open-oauth-in-browser opens the system browser on the same flow and closes the window', async () => {
    const { fake, core, handlers } = setUp()
    const started = await handlers['accounts:start-oauth'](null)
    await expect(handlers['accounts:open-oauth-in-browser'](started.flow_id)).resolves.toBeNull()
    expect(fake.module.shell.openExternal).toHaveBeenCalledWith(core.oauthUrl(started.flow_id))
    expect(fake.windows[0]!.destroyed).toBe(true)
    expect(core.cancelOAuth).not.toHaveBeenCalled()
  })

  it('settings:update also sets the OS login item when start_at_login changes', async () => {
    const { fake, core, handlers, onSettingsChanged } = setUp()
    await handlers['settings:update']({ theme: 'dark' })
    expect(fake.app.setLoginItemSettings).not.toHaveBeenCalled()
    await expect(handlers['settings:update']({ start_at_login: true })).resolves.toMatchObject({
      start_at_login: true,
    })
    expect(core.updateSettings).toHaveBeenLastCalledWith({ start_at_login: true })
    expect(fake.app.setLoginItemSettings).toHaveBeenCalledWith({ openAtLogin: true })
    expect(onSettingsChanged).toHaveBeenCalledTimes(2)
  })
})

describe('accounts:export', () => {
  it('offers a dated file name and writes the export 0600, returning only where and how many', async () => {
    const { fake, handlers } = setUp()
    const target = path.join(temp.dir, 'chosen.json')
    fake.module.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target })
    const result = await handlers['accounts:export']()
    expect(result).toEqual({ saved_to: target, count: 2 })
    expect(JSON.stringify(result)).not.toContain('secret')
    expect(fake.module.dialog.showSaveDialog).toHaveBeenCalledWith(
      expect.objectContaining({
        defaultPath: path.join(temp.dir, 'agtray-accounts-2025-01-31.json'),
      }),
    )
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(exported)
    expect(statSync(target).mode & 0o777).toBe(0o600)
  })

  it('narrows an existing, readable file to 0600', async () => {
    const { fake, handlers } = setUp()
    const target = path.join(temp.dir, 'existing.json')
    writeFileSync(target, 'old content that is longer than nothing', { mode: 0o644 })
    fake.module.dialog.showSaveDialog.mockResolvedValue({ canceled: false, filePath: target })
    await handlers['accounts:export']()
    expect(statSync(target).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(target, 'utf8'))).toEqual(exported)
  })

  it('does nothing when the user cancels the dialog', async () => {
    const { core, handlers } = setUp()
    await expect(handlers['accounts:export']()).resolves.toEqual({ saved_to: null, count: 0 })
    expect(core.exportAccounts).not.toHaveBeenCalled()
  })

  it('names the file after the local date', () => {
    expect(exportFileName(new Date(2025, 11, 5, 0, 5))).toBe('agtray-accounts-2025-12-05.json')
  })
})
