import { useId } from 'react'
import type { ReactNode } from 'react'
import { CheckboxField } from '../components/checkbox-field'
import type { AuthModeSetting } from '../../../shared/settings-dto'
import { useSettings, useStores } from '../stores/stores-context'
import { authModeLabels, authModeOrder } from './auth-mode-labels'
import { PortForm } from './port-form'

export const RESTART_NOTICE = 'Takes effect after a restart.'

export function ProxyAccessSettings(): ReactNode {
  const store = useStores().settings
  const settings = useSettings((state) => state.settings)
  const authId = useId()
  if (!settings) return null
  const update = store.getState().update

  return (
    <section className="card" aria-labelledby="access-heading">
      <h2 id="access-heading">Access</h2>
      <div className="field-row">
        <label htmlFor={authId}>Authentication</label>
        <select
          id={authId}
          value={settings.auth_mode}
          onChange={(event) => void update({ auth_mode: event.target.value as AuthModeSetting })}
        >
          {authModeOrder.map((mode) => (
            <option key={mode} value={mode}>
              {authModeLabels[mode]}
            </option>
          ))}
        </select>
      </div>
      <CheckboxField
        label="Allow access from other machines (LAN)"
        checked={settings.lan_access}
        onChange={(checked) => void update({ lan_access: checked })}
      />
      {settings.lan_access && settings.auth_mode === 'off' && (
        <p className="alert alert-warning">
          Anyone on your network can use your accounts: choose an authentication mode that requires
          the key.
        </p>
      )}
      <PortForm key={settings.port} port={settings.port} />
      {settings.restart_required && (
        <p className="notice" role="status">
          {RESTART_NOTICE}
        </p>
      )}
    </section>
  )
}
