import { useId, useState } from 'react'
import type { ReactNode } from 'react'
import { CheckboxField } from '../components/checkbox-field'
import type { SchedulingModeSetting } from '../../../shared/settings-dto'
import { useAccounts, useSettings, useStores } from '../stores/stores-context'

const modeLabels: Record<SchedulingModeSetting, string> = {
  balanced: 'Balanced: a conversation stays on its account',
  performance: 'Performance: every request to one of the best accounts',
  fixed: 'Fixed: one account while it can serve',
}

/** How the proxy picks an account, and quota protection; both apply to the next request. */
export function SchedulingSettings(): ReactNode {
  const store = useStores().settings
  const settings = useSettings((state) => state.settings)
  const accounts = useAccounts((state) => state.accounts)
  const modeId = useId()
  const fixedId = useId()
  const thresholdId = useId()
  const [threshold, setThreshold] = useState<string | null>(null)
  if (!settings) return null
  const update = store.getState().update
  const applyThreshold = () => {
    const value = Number(threshold)
    if (Number.isInteger(value) && value >= 1 && value <= 99)
      void update({ quota_protection_threshold: value })
    setThreshold(null)
  }

  return (
    <section className="card" aria-labelledby="scheduling-heading">
      <h2 id="scheduling-heading">Scheduling</h2>
      <div className="field-row">
        <label htmlFor={modeId}>Account choice</label>
        <select
          id={modeId}
          value={settings.scheduling_mode}
          onChange={(event) =>
            void update({ scheduling_mode: event.target.value as SchedulingModeSetting })
          }
        >
          {(Object.keys(modeLabels) as SchedulingModeSetting[]).map((mode) => (
            <option key={mode} value={mode}>
              {modeLabels[mode]}
            </option>
          ))}
        </select>
      </div>
      {settings.scheduling_mode === 'fixed' && (
        <div className="field-row">
          <label htmlFor={fixedId}>Fixed account</label>
          <select
            id={fixedId}
            value={settings.fixed_account_id ?? ''}
            onChange={(event) => void update({ fixed_account_id: event.target.value || null })}
          >
            <option value="">None (the normal order)</option>
            {accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {account.email}
              </option>
            ))}
          </select>
        </div>
      )}
      <CheckboxField
        label="Quota protection: an account low on a model family stops serving it"
        checked={settings.quota_protection_enabled}
        onChange={(checked) => void update({ quota_protection_enabled: checked })}
      />
      <div className="field-row">
        <label htmlFor={thresholdId}>Protection threshold (%)</label>
        <input
          id={thresholdId}
          type="number"
          min={1}
          max={99}
          value={threshold ?? String(settings.quota_protection_threshold)}
          onChange={(event) => setThreshold(event.target.value)}
          onBlur={applyThreshold}
        />
      </div>
    </section>
  )
}
