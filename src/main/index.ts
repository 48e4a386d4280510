import path from 'node:path'
import { app, BrowserWindow } from 'electron'
import { createCore, resolveDataDir } from '../core'
import { createElectronSettingsStore } from './electron-settings-store'

// The desktop shell: thin over the core. The tray, IPC and OAuth window come with the shell issue.
async function launch(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return
  }
  await app.whenReady()
  const core = createCore({
    dataDir: resolveDataDir(undefined, process.env),
    settingsStore: createElectronSettingsStore,
    role: 'desktop',
  })
  await core.start()
  const window = new BrowserWindow({
    width: 1024,
    height: 700,
    webPreferences: {
      preload: path.join(__dirname, '../preload/index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    },
  })
  await window.loadFile(path.join(__dirname, '../renderer/index.html'))
  app.on('before-quit', () => void core.stop())
}

void launch()
