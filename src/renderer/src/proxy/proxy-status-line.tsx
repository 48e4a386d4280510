import type { ReactNode } from 'react'
import type { ProxyStatusDto } from '../../../shared/proxy-status-dto'
import { useProxy } from '../stores/stores-context'

export const proxyStatusText = (status: ProxyStatusDto): string =>
  `${status.enabled ? 'On' : 'Off'} · port ${status.port} · ${status.counts.in_pool} in pool`

export function ProxyStatusLine(): ReactNode {
  const status = useProxy((state) => state.status)
  if (!status) return <p className="help">Loading the proxy’s status…</p>
  return (
    <>
      <p className="status-line" role="status">
        {proxyStatusText(status)}
      </p>
      {status.enabled && status.counts.in_pool === 0 && (
        <p className="alert alert-warning">
          No account can serve requests now: add an account, or re-authorize or enable one on the
          Accounts page.
        </p>
      )}
    </>
  )
}
