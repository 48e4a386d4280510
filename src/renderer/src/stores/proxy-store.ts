import { createStore } from 'zustand'
import type { StoreApi } from 'zustand'
import type { RendererApi } from '../../../shared/ipc-contract'
import type { ProxyStatusDto } from '../../../shared/proxy-status-dto'
import type { Outcome, UiError } from './outcome'
import { attempt } from './outcome'

/** The proxy's status only: the API key is never kept here (the key panel asks for it). */
export interface ProxyState {
  status: ProxyStatusDto | null
  switching: boolean
  regenerating: boolean
  error: UiError | null
  connect(): () => void
  load(): Promise<void>
  setEnabled(enabled: boolean): Promise<Outcome<ProxyStatusDto>>
  regenerateApiKey(): Promise<Outcome<ProxyStatusDto>>
  dismissError(): void
}

export type ProxyStore = StoreApi<ProxyState>

export function createProxyStore(api: RendererApi): ProxyStore {
  let eventsSeen = 0

  return createStore<ProxyState>()((set, get) => ({
    status: null,
    switching: false,
    regenerating: false,
    error: null,

    connect() {
      const stop = api.on('proxy:status-changed', (status) => {
        eventsSeen += 1
        set({ status })
      })
      void get().load()
      return stop
    },

    async load() {
      const seen = eventsSeen
      const outcome = await attempt(() => api.call('proxy:status'))
      if (!outcome.ok) set({ error: outcome.error })
      else if (seen === eventsSeen) set({ status: outcome.value })
    },

    async setEnabled(enabled) {
      set({ switching: true })
      const outcome = await attempt(() => api.call('proxy:set-enabled', enabled))
      set(
        outcome.ok
          ? { switching: false, status: outcome.value }
          : { switching: false, error: outcome.error },
      )
      return outcome
    },

    async regenerateApiKey() {
      set({ regenerating: true })
      const outcome = await attempt(() => api.call('proxy:regenerate-api-key'))
      set(
        outcome.ok
          ? { regenerating: false, status: outcome.value }
          : { regenerating: false, error: outcome.error },
      )
      return outcome
    },

    dismissError: () => set({ error: null }),
  }))
}
