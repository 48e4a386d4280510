import type { ReactNode } from 'react'
import { useProxy } from '../stores/stores-context'

/** Updated by the status events; not a live region, or every request would be read aloud. */
export function RequestCounters(): ReactNode {
  const requests = useProxy((state) => state.status?.requests)
  if (!requests) return null
  return (
    <section className="card" aria-labelledby="requests-heading">
      <h2 id="requests-heading">Requests since start</h2>
      <dl className="counters">
        <div>
          <dt>Total</dt>
          <dd>{requests.total}</dd>
        </div>
        <div>
          <dt>Succeeded</dt>
          <dd>{requests.succeeded}</dd>
        </div>
        <div>
          <dt>Failed</dt>
          <dd>{requests.failed}</dd>
        </div>
      </dl>
    </section>
  )
}
