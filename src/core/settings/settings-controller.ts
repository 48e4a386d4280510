import type { CoreEventMap } from '../../shared/core-events'
import type { SettingsDto } from '../../shared/settings-dto'
import type { CoreApi } from '../core-api'
import type { TypedEmitter } from '../runtime/typed-emitter'
import { applySettingsPatch, toSettingsDto } from './settings-dto-mapper'
import type { SettingsService } from './settings-service'

export interface SettingsController extends Pick<CoreApi, 'getSettings' | 'updateSettings'> {
  /** Tells every open settings page what is now in force. */
  announce(): void
}

/** The settings as the app shows and edits them: a DTO that knows whether a restart is pending. */
export function createSettingsController(deps: {
  dataDir: string
  settings: SettingsService
  /** Where the server listens, once it does: a changed port waits for a restart. */
  listening(): { host: string; port: number } | null
  events: TypedEmitter<CoreEventMap>
}): SettingsController {
  const dto = (): SettingsDto =>
    toSettingsDto(deps.dataDir, deps.settings.current(), deps.listening())
  return {
    getSettings: dto,
    async updateSettings(patch) {
      deps.settings.update((settings) => applySettingsPatch(settings, patch))
      return dto()
    },
    announce: () => deps.events.emit('settings-changed', dto()),
  }
}
