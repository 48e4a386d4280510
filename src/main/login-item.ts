import type { App } from 'electron'
import type { CoreApi } from '../core'
import type { SettingsDto } from '../shared/settings-dto'

/** "Start at login": the stored setting, mirrored into the OS login items. */
export interface StartAtLogin {
  isEnabled(): boolean
  set(enabled: boolean): Promise<SettingsDto>
  /** After the setting changed another way (the settings page): tell the OS. */
  apply(enabled: boolean): void
}

/**
 * The stored setting is the truth: the OS login item cannot be read back on Linux, where Electron
 * does not manage login items at all (the call is a no-op there).
 */
export function createStartAtLogin(deps: {
  app: Pick<App, 'setLoginItemSettings'>
  core: Pick<CoreApi, 'getSettings' | 'updateSettings'>
}): StartAtLogin {
  const apply = (enabled: boolean): void => deps.app.setLoginItemSettings({ openAtLogin: enabled })
  return {
    isEnabled: () => deps.core.getSettings().start_at_login,
    async set(enabled) {
      const settings = await deps.core.updateSettings({ start_at_login: enabled })
      apply(enabled)
      return settings
    },
    apply,
  }
}
