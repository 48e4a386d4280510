import { useId } from 'react'
import type { ReactNode } from 'react'
import type { ThemeSetting } from '../../../shared/settings-dto'
import { CheckboxField } from '../components/checkbox-field'
import { ErrorAlert } from '../components/error-alert'
import { useEnvironment } from '../environment'
import { useSettings, useStores } from '../stores/stores-context'
import { ClientVersionForm } from './client-version-form'

/** The quota refresh intervals offered, in minutes; null never refreshes on a schedule. */
const quotaRefreshChoices: readonly (number | null)[] = [5, 15, 30, 60, null]
const quotaRefreshLabel = (minutes: number | null): string =>
  minutes === null ? 'Never (on demand only)' : `Every ${minutes} minutes`

const themeLabels: Record<ThemeSetting, string> = {
  system: 'Same as the system',
  light: 'Light',
  dark: 'Dark',
}

export function SettingsPage(): ReactNode {
  const store = useStores().settings
  const settings = useSettings((state) => state.settings)
  const error = useSettings((state) => state.error)
  const web = useEnvironment().kind === 'web'
  const dataDirId = useId()
  const themeId = useId()
  const quotaId = useId()
  const update = store.getState().update

  return (
    <section className="page" aria-labelledby="settings-heading">
      <div className="page-head">
        <h1 id="settings-heading">Settings</h1>
      </div>
      <ErrorAlert error={error} onDismiss={() => store.getState().dismissError()} />
      {!settings ? (
        <p className="help">Loading settings…</p>
      ) : (
        <div className="card">
          <div className="field-row">
            <label htmlFor={dataDirId}>Data folder</label>
            <input id={dataDirId} type="text" readOnly value={settings.data_dir} />
          </div>
          <CheckboxField
            label="Start at login"
            checked={settings.start_at_login}
            onChange={(checked) => void update({ start_at_login: checked })}
          />
          {web && <p className="help">Start at login applies to the desktop app.</p>}
          <CheckboxField
            label="Start the proxy at launch"
            checked={settings.start_proxy_at_launch}
            onChange={(checked) => void update({ start_proxy_at_launch: checked })}
          />
          <div className="field-row">
            <label htmlFor={quotaId}>Refresh quotas</label>
            <select
              id={quotaId}
              value={String(settings.quota_refresh_minutes)}
              onChange={(event) =>
                void update({
                  quota_refresh_minutes:
                    event.target.value === 'null' ? null : Number(event.target.value),
                })
              }
            >
              {[
                ...quotaRefreshChoices,
                // A value set in settings.json by hand is shown as it is.
                ...(quotaRefreshChoices.includes(settings.quota_refresh_minutes)
                  ? []
                  : [settings.quota_refresh_minutes]),
              ].map((minutes) => (
                <option key={String(minutes)} value={String(minutes)}>
                  {quotaRefreshLabel(minutes)}
                </option>
              ))}
            </select>
          </div>
          <div className="field-row">
            <label htmlFor={themeId}>Theme</label>
            <select
              id={themeId}
              value={settings.theme}
              onChange={(event) => void update({ theme: event.target.value as ThemeSetting })}
            >
              {(Object.keys(themeLabels) as ThemeSetting[]).map((theme) => (
                <option key={theme} value={theme}>
                  {themeLabels[theme]}
                </option>
              ))}
            </select>
          </div>
          <ClientVersionForm
            key={`${settings.client_version_source}:${settings.client_version}`}
            settings={settings}
          />
        </div>
      )}
    </section>
  )
}
