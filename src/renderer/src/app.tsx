import type { ReactNode } from 'react'
import type { RendererApi } from '../../shared/ipc-contract'
import { AccountsPage } from './accounts/accounts-page'
import type { AppEnvironment } from './environment'
import { EnvironmentContext, useEnvironment } from './environment'
import { ProxyPage } from './proxy/proxy-page'
import { SettingsPage } from './settings/settings-page'
import { useApplyTheme } from './settings/use-apply-theme'
import { StoresProvider, useSettings } from './stores/stores-context'
import { pages, usePage } from './use-page'

function Shell(): ReactNode {
  const environment = useEnvironment()
  const theme = useSettings((state) => state.settings?.theme ?? 'system')
  const [page, go] = usePage(environment.kind === 'web')
  useApplyTheme(theme)

  return (
    <div className="shell">
      <header className="top-bar">
        <span className="brand">agtray</span>
        <nav aria-label="Main">
          <ul>
            {pages.map((entry) => (
              <li key={entry.id}>
                <button
                  type="button"
                  aria-current={entry.id === page ? 'page' : undefined}
                  onClick={() => go(entry.id)}
                >
                  {entry.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
        {environment.logout && (
          <button type="button" className="button-quiet" onClick={environment.logout}>
            Log out
          </button>
        )}
      </header>
      <main>
        {page === 'accounts' && <AccountsPage />}
        {page === 'proxy' && <ProxyPage />}
        {page === 'settings' && <SettingsPage />}
      </main>
    </div>
  )
}

export function App(props: { api: RendererApi; environment: AppEnvironment }): ReactNode {
  return (
    <EnvironmentContext value={props.environment}>
      <StoresProvider api={props.api}>
        <Shell />
      </StoresProvider>
    </EnvironmentContext>
  )
}
