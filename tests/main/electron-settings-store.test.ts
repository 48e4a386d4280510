import { readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createConfSettingsStore } from '../../src/core/settings/conf-settings-store'
import { createSettingsService } from '../../src/core/settings/settings-service'
import { createElectronSettingsStore } from '../../src/main/electron-settings-store'
import { makeTempDir } from '../helpers/temp-dir'

vi.mock('electron', () => {
  const electron = {
    app: { getPath: () => '/nonexistent-user-data', getVersion: () => '0.0.0', on: vi.fn() },
    ipcMain: { on: vi.fn(), handle: vi.fn() },
    shell: { openPath: vi.fn() },
  }
  return { ...electron, default: electron }
})

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

describe('the app settings store (electron-store)', () => {
  it('reads and writes the same settings.json as the headless store, mode 0600', async () => {
    const headless = createSettingsService(await createConfSettingsStore(temp.dir), {}).current()
    const store = await createElectronSettingsStore(temp.dir)
    expect(store.path).toBe(path.join(temp.dir, 'settings.json'))
    const inApp = createSettingsService(store, {})
    expect(inApp.current().apiKey).toBe(headless.apiKey)
    inApp.update((settings) => ({ ...settings, app: { ...settings.app, theme: 'dark' } }))
    expect(JSON.parse(readFileSync(store.path, 'utf8')).app.theme).toBe('dark')
    expect(statSync(store.path).mode & 0o777).toBe(0o600)
    const again = createSettingsService(await createConfSettingsStore(temp.dir), {}).current()
    expect(again.raw.app.theme).toBe('dark')
  })
})
