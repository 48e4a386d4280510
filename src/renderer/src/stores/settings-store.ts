import { createStore } from 'zustand'
import type { StoreApi } from 'zustand'
import type { RendererApi } from '../../../shared/ipc-contract'
import type { SettingsDto, SettingsPatchDto } from '../../../shared/settings-dto'
import type { Outcome, UiError } from './outcome'
import { attempt } from './outcome'

export interface SettingsState {
  settings: SettingsDto | null
  saving: boolean
  error: UiError | null
  connect(): () => void
  load(): Promise<void>
  /** Shows the change at once (a theme must not wait for a round trip) and undoes it on error. */
  update(patch: SettingsPatchDto): Promise<Outcome<SettingsDto>>
  dismissError(): void
}

export type SettingsStore = StoreApi<SettingsState>

export function createSettingsStore(api: RendererApi): SettingsStore {
  return createStore<SettingsState>()((set, get) => ({
    settings: null,
    saving: false,
    error: null,

    connect() {
      void get().load()
      // A change made elsewhere (the tray's start-at-login, the admin API) shows here at once.
      return api.on('settings:changed', (settings) => {
        if (!get().saving) set({ settings })
      })
    },

    async load() {
      const outcome = await attempt(() => api.call('settings:get'))
      set(outcome.ok ? { settings: outcome.value } : { error: outcome.error })
    },

    async update(patch) {
      const before = get().settings
      if (before) set({ settings: { ...before, ...patch } })
      set({ saving: true })
      const outcome = await attempt(() => api.call('settings:update', patch))
      set(
        outcome.ok
          ? { saving: false, settings: outcome.value }
          : { saving: false, settings: before, error: outcome.error },
      )
      return outcome
    },

    dismissError: () => set({ error: null }),
  }))
}
