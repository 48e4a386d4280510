import { describe, expect, it, vi } from 'vitest'
import { resolveAppPaths } from '../../src/main/app-paths'
import { createMainWindow } from '../../src/main/main-window'
import { createFakeCore } from './fakes/fake-core'
import { createFakeElectron } from './fakes/fake-electron'

vi.mock('electron', async () => (await import('./fakes/fake-electron')).electronModuleMock())

function setUp(env: NodeJS.ProcessEnv = {}) {
  const fake = createFakeElectron()
  const core = createFakeCore()
  let quitting = false
  const paths = resolveAppPaths({
    mainDir: '/opt/agtray/out/main',
    appPath: '/opt/agtray',
    isPackaged: false,
    env,
  })
  const mainWindow = createMainWindow({
    createWindow: (options) => new fake.electron.BrowserWindow(options),
    paths,
    openExternal: (url) => fake.electron.shell.openExternal(url),
    isQuitting: () => quitting,
    logger: core.logger,
  })
  mainWindow.show()
  const window = fake.windows[0]!
  return { fake, mainWindow, window, quit: () => (quitting = true) }
}

describe('the main window', () => {
  it('is created hidden with the secure web preferences and the built preload', () => {
    const { window } = setUp()
    expect(window.options.show).toBe(false)
    expect(window.options.webPreferences).toEqual({
      preload: '/opt/agtray/out/preload/index.js',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    })
    expect(window.loadFile).toHaveBeenCalledWith('/opt/agtray/out/renderer/index.html')
    expect(window.show).not.toHaveBeenCalled()
  })

  it('shows itself once ready', () => {
    const { window } = setUp()
    window.emit('ready-to-show')
    expect(window.show).toHaveBeenCalled()
    expect(window.focus).toHaveBeenCalled()
  })

  it('loads the dev server in development', () => {
    const { window } = setUp({ ELECTRON_RENDERER_URL: 'http://localhost:5173' })
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173')
    expect(window.loadFile).not.toHaveBeenCalled()
  })

  it('hides instead of closing, unless the app is quitting', () => {
    const { mainWindow, window, quit } = setUp()
    window.emit('ready-to-show')
    window.close()
    expect(window.destroyed).toBe(false)
    expect(window.visible).toBe(false)
    expect(mainWindow.current()).toBe(window)
    quit()
    window.close()
    expect(window.destroyed).toBe(true)
    expect(mainWindow.current()).toBeNull()
  })

  it('refuses every navigation', () => {
    const { window } = setUp()
    expect(window.webContents.navigate('https://evil.example/')).toBe(true)
    expect(window.webContents.navigate('file:///opt/agtray/out/renderer/index.html')).toBe(true)
    expect(window.webContents.navigate('https://evil.example/', 'will-redirect')).toBe(true)
  })

  it('denies window.open and sends web links to the system browser only', async () => {
    const { fake, window } = setUp()
    expect(window.webContents.openWindow('https://github.com/lbjlaq')).toEqual({ action: 'deny' })
    expect(fake.module.shell.openExternal).toHaveBeenCalledWith('https://github.com/lbjlaq')
    for (const url of [
      'file:///etc/passwd',
      'smb://server/share',
      'javascript:alert(1)',
      'nonsense',
    ]) {
      expect(window.webContents.openWindow(url)).toEqual({ action: 'deny' })
    }
    expect(fake.module.shell.openExternal).toHaveBeenCalledTimes(1)
  })

  it('toggles: hides a visible window, shows and focuses a hidden one', () => {
    const { mainWindow, window } = setUp()
    window.emit('ready-to-show')
    mainWindow.toggle()
    expect(window.visible).toBe(false)
    window.focus.mockClear()
    mainWindow.toggle()
    expect(window.visible).toBe(true)
    expect(window.focus).toHaveBeenCalled()
  })

  it('restores a minimized window when shown', () => {
    const { mainWindow, window } = setUp()
    window.minimized = true
    mainWindow.show()
    expect(window.restore).toHaveBeenCalled()
  })
})
