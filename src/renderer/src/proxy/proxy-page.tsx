import type { ReactNode } from 'react'
import { ErrorAlert } from '../components/error-alert'
import { useProxy, useSettings, useStores } from '../stores/stores-context'
import { ApiKeyPanel } from './api-key-panel'
import { BaseUrls } from './base-urls'
import { ProxyAccessSettings } from './proxy-access-settings'
import { ProxyStatusLine } from './proxy-status-line'
import { ProxySwitch } from './proxy-switch'
import { RequestCounters } from './request-counters'
import { SchedulingSettings } from './scheduling-settings'

export function ProxyPage(): ReactNode {
  const stores = useStores()
  const proxyError = useProxy((state) => state.error)
  const settingsError = useSettings((state) => state.error)
  return (
    <section className="page" aria-labelledby="proxy-heading">
      <div className="page-head">
        <h1 id="proxy-heading">Proxy</h1>
        <ProxySwitch />
      </div>
      <ProxyStatusLine />
      <ErrorAlert error={proxyError} onDismiss={() => stores.proxy.getState().dismissError()} />
      <ErrorAlert
        error={settingsError}
        onDismiss={() => stores.settings.getState().dismissError()}
      />
      <BaseUrls />
      <ApiKeyPanel />
      <ProxyAccessSettings />
      <SchedulingSettings />
      <RequestCounters />
    </section>
  )
}
