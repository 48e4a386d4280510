import { AgtrayError } from '../agtray-error'
import type { SettingsStore } from './settings-schema'

/**
 * The headless settings store: conf, electron-store's own base class, on the same file the app
 * uses (`<dataDir>/settings.json`). conf is ESM-only, hence the dynamic import.
 */
export async function createConfSettingsStore(dataDir: string): Promise<SettingsStore> {
  const { default: Conf } = await import('conf')
  let conf: InstanceType<typeof Conf<Record<string, unknown>>>
  try {
    conf = new Conf<Record<string, unknown>>({
      cwd: dataDir,
      configName: 'settings',
      configFileMode: 0o600,
      clearInvalidConfig: false,
    })
  } catch (error) {
    throw new AgtrayError(
      'invalid_input',
      `${dataDir}/settings.json cannot be read (${(error as Error).message}); fix or remove it`,
    )
  }
  return {
    path: conf.path,
    read: () => conf.store,
    write: (value) => {
      conf.store = value
    },
  }
}
