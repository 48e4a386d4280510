import { createContext, use, useEffect, useState } from 'react'
import type { ReactNode } from 'react'
import { useStore } from 'zustand'
import type { RendererApi } from '../../../shared/ipc-contract'
import type { AccountsState, AccountsStore } from './accounts-store'
import { createAccountsStore } from './accounts-store'
import type { OAuthState, OAuthStore } from './oauth-store'
import { createOAuthStore } from './oauth-store'
import type { ProxyState, ProxyStore } from './proxy-store'
import { createProxyStore } from './proxy-store'
import type { SettingsState, SettingsStore } from './settings-store'
import { createSettingsStore } from './settings-store'

export interface Stores {
  api: RendererApi
  accounts: AccountsStore
  proxy: ProxyStore
  settings: SettingsStore
  oauth: OAuthStore
}

export const createStores = (api: RendererApi): Stores => ({
  api,
  accounts: createAccountsStore(api),
  proxy: createProxyStore(api),
  settings: createSettingsStore(api),
  oauth: createOAuthStore(api),
})

const StoresContext = createContext<Stores | null>(null)

/** Builds the stores for one RendererApi and keeps them listening while mounted. */
export function StoresProvider(props: { api: RendererApi; children: ReactNode }): ReactNode {
  const [stores] = useState(() => createStores(props.api))
  useEffect(() => {
    const stops = [stores.accounts, stores.proxy, stores.settings, stores.oauth].map((store) =>
      store.getState().connect(),
    )
    return () => {
      for (const stop of stops) stop()
    }
  }, [stores])
  return <StoresContext value={stores}>{props.children}</StoresContext>
}

export function useStores(): Stores {
  const stores = use(StoresContext)
  if (!stores) throw new Error('useStores needs a StoresProvider above it')
  return stores
}

export const useAccounts = <T,>(selector: (state: AccountsState) => T): T =>
  useStore(useStores().accounts, selector)
export const useProxy = <T,>(selector: (state: ProxyState) => T): T =>
  useStore(useStores().proxy, selector)
export const useSettings = <T,>(selector: (state: SettingsState) => T): T =>
  useStore(useStores().settings, selector)
export const useOAuth = <T,>(selector: (state: OAuthState) => T): T =>
  useStore(useStores().oauth, selector)
export const useRendererApi = (): RendererApi => useStores().api
