import { useId } from 'react'
import type { ReactNode } from 'react'
import { useProxy, useStores } from '../stores/stores-context'

export function ProxySwitch(): ReactNode {
  const store = useStores().proxy
  const enabled = useProxy((state) => state.status?.enabled)
  const switching = useProxy((state) => state.switching)
  const labelId = useId()
  if (enabled === undefined) return null
  return (
    <div className="switch-row">
      <span id={labelId} className="switch-label">
        Proxy server
      </span>
      <button
        type="button"
        role="switch"
        className="switch"
        aria-checked={enabled}
        aria-labelledby={labelId}
        disabled={switching}
        onClick={() => void store.getState().setEnabled(!enabled)}
      >
        <span className="switch-knob" aria-hidden="true" />
        <span className="switch-text" aria-hidden="true">
          {enabled ? 'On' : 'Off'}
        </span>
      </button>
    </div>
  )
}
