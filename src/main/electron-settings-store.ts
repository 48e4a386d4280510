import type { SettingsStore } from '../core'

/** The app's settings store: electron-store on the same `<dataDir>/settings.json` that conf uses headless. */
export async function createElectronSettingsStore(dataDir: string): Promise<SettingsStore> {
  const { default: Store } = await import('electron-store')
  const store = new Store<Record<string, unknown>>({
    cwd: dataDir,
    name: 'settings',
    configFileMode: 0o600,
    clearInvalidConfig: false,
  })
  return {
    path: store.path,
    read: () => store.store,
    write: (value) => {
      store.store = value
    },
  }
}
