import { describe, expect, it, vi } from 'vitest'
import { AgtrayError } from '../../src/core'
import { isRendererUrl, resolveAppPaths } from '../../src/main/app-paths'
import { registerIpcHandlers } from '../../src/main/ipc-handlers'
import { createSenderCheck } from '../../src/main/ipc-sender-check'
import type { IpcHandlers } from '../../src/shared/ipc-contract'
import { ipcCallChannels } from '../../src/shared/ipc-contract'
import { checkArg } from '../../src/shared/operation-args'
import type { OperationArg } from '../../src/shared/operation-contract'
import { operations } from '../../src/shared/operations'
import { createFakeCore } from './fakes/fake-core'
import type { FakeBrowserWindow } from './fakes/fake-electron'
import { createFakeElectron } from './fakes/fake-electron'

vi.mock('electron', async () => (await import('./fakes/fake-electron')).electronModuleMock())

const paths = resolveAppPaths({
  mainDir: '/opt/agtray/out/main',
  appPath: '/opt/agtray',
  isPackaged: true,
  env: {},
})
const APP_URL = 'file:///opt/agtray/out/renderer/index.html'

const handlersFor = (overrides: Partial<IpcHandlers> = {}): IpcHandlers => {
  const handlers = {} as Record<string, unknown>
  for (const channel of ipcCallChannels)
    handlers[channel] = vi.fn(async () => `${channel} answered`)
  return Object.assign(handlers, overrides) as IpcHandlers
}

function setUp(overrides: Partial<IpcHandlers> = {}) {
  const fake = createFakeElectron()
  const window = new fake.electron.BrowserWindow({}) as unknown as FakeBrowserWindow
  const core = createFakeCore()
  const handlers = handlersFor(overrides)
  registerIpcHandlers({
    ipcMain: fake.electron.ipcMain,
    handlers,
    isTrustedSender: createSenderCheck({
      mainWindow: () => window as never,
      isAppPage: (url) => isRendererUrl(paths, url),
    }),
    logger: core.logger,
  })
  const trusted = window.webContents.ipcEvent(`${APP_URL}#/accounts`)
  return { fake, window, core, handlers, trusted }
}

describe('IPC registration', () => {
  it('registers exactly one ipcMain.handle per contract channel', () => {
    const { fake } = setUp()
    const registered = fake.module.ipcMain.handle.mock.calls.map(([channel]) => channel)
    expect(new Set(registered).size).toBe(registered.length)
    expect(new Set(registered)).toEqual(new Set(ipcCallChannels))
  })

  it('answers a successful call with {ok: true, value}', async () => {
    const { fake, trusted, handlers } = setUp()
    await expect(fake.invoke('accounts:remove', trusted, 'acc-1')).resolves.toEqual({
      ok: true,
      value: 'accounts:remove answered',
    })
    expect(handlers['accounts:remove']).toHaveBeenCalledWith('acc-1')
  })
})

describe('the sender check', () => {
  it('refuses another window with unauthorized, without calling the handler', async () => {
    const { fake, handlers } = setUp()
    const other = new fake.electron.BrowserWindow({}) as unknown as FakeBrowserWindow
    const answer = await fake.invoke('proxy:reveal-api-key', other.webContents.ipcEvent(APP_URL))
    expect(answer).toMatchObject({ ok: false, code: 'unauthorized' })
    expect((answer as { message: string }).message).toBeTruthy()
    expect(handlers['proxy:reveal-api-key']).not.toHaveBeenCalled()
  })

  it('refuses the main window once it shows another URL', async () => {
    const { fake, window, handlers } = setUp()
    for (const url of [
      'https://evil.example/index.html',
      'file:///tmp/index.html',
      'file:///opt/agtray/out/renderer/other.html',
    ]) {
      const answer = await fake.invoke('proxy:reveal-api-key', window.webContents.ipcEvent(url))
      expect(answer).toMatchObject({ ok: false, code: 'unauthorized' })
    }
    expect(handlers['proxy:reveal-api-key']).not.toHaveBeenCalled()
  })

  it('refuses a child frame of the main window, and an event without a frame', async () => {
    const { fake, window } = setUp()
    const child = window.webContents.ipcEvent(APP_URL, 'child')
    await expect(fake.invoke('accounts:list', child)).resolves.toMatchObject({
      code: 'unauthorized',
    })
    const frameless = { sender: window.webContents, senderFrame: null } as never
    await expect(fake.invoke('accounts:list', frameless)).resolves.toMatchObject({
      code: 'unauthorized',
    })
  })

  it('refuses everything once the main window is gone', async () => {
    const { fake, window } = setUp()
    const event = window.webContents.ipcEvent(APP_URL)
    window.destroy()
    await expect(fake.invoke('accounts:list', event)).resolves.toMatchObject({
      code: 'unauthorized',
    })
  })

  it('accepts the dev server page only outside a packaged app', () => {
    const dev = resolveAppPaths({
      mainDir: '/src/out/main',
      appPath: '/src',
      isPackaged: false,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
    })
    expect(isRendererUrl(dev, 'http://localhost:5173/#/settings')).toBe(true)
    expect(isRendererUrl(dev, 'http://localhost:5174/')).toBe(false)
    expect(isRendererUrl(dev, 'file:///src/out/renderer/index.html')).toBe(true)
    const packaged = resolveAppPaths({
      mainDir: '/src/out/main',
      appPath: '/src',
      isPackaged: true,
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
    })
    expect(packaged.rendererDevUrl).toBeNull()
    expect(isRendererUrl(packaged, 'http://localhost:5173/')).toBe(false)
  })
})

describe('IPC errors', () => {
  it('carries an AgtrayError across as {ok: false, code, message}', async () => {
    const { fake, trusted } = setUp({
      'accounts:remove': async () => {
        throw new AgtrayError('not_found', 'No account with id nope')
      },
    })
    await expect(fake.invoke('accounts:remove', trusted, 'nope')).resolves.toEqual({
      ok: false,
      code: 'not_found',
      message: 'No account with id nope',
    })
  })

  it('answers anything else as internal, with a generic message and no stack', async () => {
    const { fake, trusted, core } = setUp({
      'settings:get': async () => {
        throw new TypeError('secret internals at /home/user/.agtray')
      },
    })
    const answer = await fake.invoke('settings:get', trusted)
    expect(answer).toMatchObject({ ok: false, code: 'internal' })
    expect(Object.keys(answer as object).sort()).toEqual(['code', 'message', 'ok'])
    expect(JSON.stringify(answer)).not.toMatch(/secret internals|at \//)
    expect(core.logger.error).toHaveBeenCalledWith(expect.stringContaining('secret internals'))
  })
})

describe('IPC argument checks', () => {
  const malformed: [string, unknown[]][] = [
    ['accounts:add-from-text', []],
    ['accounts:add-from-text', [42]],
    ['accounts:remove', ['']],
    ['accounts:remove', [{ id: 'x' }]],
    ['accounts:remove', ['a', 'b']],
    ['accounts:set-proxy-disabled', ['acc-1', 'yes', null]],
    ['accounts:set-proxy-disabled', ['acc-1', true]],
    ['accounts:set-proxy-disabled', ['acc-1', true, 5]],
    ['accounts:start-oauth', [undefined]],
    ['accounts:start-oauth', [7]],
    ['accounts:cancel-oauth', [null]],
    ['accounts:open-oauth-in-browser', []],
    ['proxy:set-enabled', ['true']],
    ['proxy:status', ['extra']],
    ['settings:update', [null]],
    ['settings:update', [['theme', 'dark']]],
    ['settings:update', [{ theme: 'purple' }]],
    ['settings:update', [{ port: 70000 }]],
    ['settings:update', [{ port: 80.5 }]],
    ['settings:update', [{ api_key: 'sk-mine' }]],
    ['settings:update', [{ data_dir: '/tmp' }]],
  ]

  it.each(malformed)('refuses %s %j with invalid_input', async (channel, args) => {
    const { fake, trusted, handlers } = setUp()
    const answer = await fake.invoke(channel, trusted, ...args)
    expect(answer).toMatchObject({ ok: false, code: 'invalid_input' })
    expect(handlers[channel as keyof IpcHandlers]).not.toHaveBeenCalled()
  })

  const wellFormed: [string, unknown[]][] = [
    ['accounts:list', []],
    ['accounts:add-from-text', ['1//token']],
    ['accounts:set-proxy-disabled', ['acc-1', true, null]],
    ['accounts:set-proxy-disabled', ['acc-1', false, 'manual']],
    ['accounts:start-oauth', [null]],
    ['accounts:start-oauth', ['acc-1']],
    ['settings:update', [{ theme: 'dark', port: 0, lan_access: true, auth_mode: 'strict' }]],
    ['settings:update', [{ start_at_login: true, start_proxy_at_launch: false, theme: undefined }]],
  ]

  it.each(wellFormed)('passes %s %j through', async (channel, args) => {
    const { fake, trusted, handlers } = setUp()
    await expect(fake.invoke(channel, trusted, ...args)).resolves.toMatchObject({ ok: true })
    expect(handlers[channel as keyof IpcHandlers]).toHaveBeenCalledWith(...args)
  })

  /** A valid value for each argument schema of the contract, and one it refuses. */
  const samples: unknown[] = ['acc-1', true, null, '1//token', { theme: 'dark' }]
  const wrong: unknown[] = [' ', 42, 'x'.repeat(20_000)]
  const firstOf = (values: unknown[], schema: OperationArg[1], ok: boolean): unknown =>
    values.find((value) => checkArg(null, schema, value).ok === ok)

  const everyArgument = ipcCallChannels.flatMap((channel) =>
    (operations[channel].args as readonly OperationArg[]).map(
      ([name], index) => [channel, name, index] as const,
    ),
  )

  it.each(everyArgument)(
    'checks %s %s against the contract, naming it',
    async (channel, name, index) => {
      const { fake, trusted, handlers } = setUp()
      const schemas = (operations[channel].args as readonly OperationArg[]).map(([, s]) => s)
      const valid = schemas.map((schema) => firstOf(samples, schema, true))
      expect(valid.every((value) => value !== undefined)).toBe(true)
      const args = [...valid]
      args[index] = firstOf(wrong, schemas[index]!, false)
      const answer = await fake.invoke(channel, trusted, ...args)
      expect(answer).toMatchObject({ ok: false, code: 'invalid_input' })
      expect((answer as { message: string }).message).toMatch(
        new RegExp(`^${channel}: ${name}(\\.|: )`),
      )
      const missing = await fake.invoke(channel, trusted, ...valid.slice(0, index), undefined)
      expect(missing).toMatchObject({ ok: false, code: 'invalid_input' })
      expect(handlers[channel]).not.toHaveBeenCalled()
      await expect(fake.invoke(channel, trusted, ...valid)).resolves.toMatchObject({ ok: true })
    },
  )
})
