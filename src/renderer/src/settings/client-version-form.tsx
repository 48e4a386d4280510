import { useId, useState } from 'react'
import type { FormEvent, ReactNode } from 'react'
import { isClientVersion } from '../../../shared/client-version'
import type { SettingsDto } from '../../../shared/settings-dto'
import { useSettings, useStores } from '../stores/stores-context'

/**
 * The Antigravity version agtray presents to Google. Mount it with `key={client_version}`: a
 * saved version then resets the draft. Set from AGTRAY_CLIENT_VERSION, it is shown, not edited.
 */
export function ClientVersionForm(props: { settings: SettingsDto }): ReactNode {
  const { settings } = props
  const store = useStores().settings
  const saving = useSettings((state) => state.saving)
  const fromSettings = settings.client_version_source === 'settings'
  const [draft, setDraft] = useState(fromSettings ? settings.client_version : '')
  const [invalid, setInvalid] = useState(false)
  const inputId = useId()
  const helpId = useId()
  const errorId = useId()
  const fromEnvironment = settings.client_version_source === 'environment'

  const submit = (event: FormEvent): void => {
    event.preventDefault()
    const version = draft.trim()
    const valid = version === '' || isClientVersion(version)
    setInvalid(!valid)
    if (valid) void store.getState().update({ client_version: version })
  }

  return (
    <form className="inline-form" noValidate onSubmit={submit}>
      <label htmlFor={inputId}>Antigravity version</label>
      <input
        id={inputId}
        type="text"
        spellCheck={false}
        placeholder={settings.client_version_built_in}
        value={fromEnvironment ? settings.client_version : draft}
        readOnly={fromEnvironment}
        aria-invalid={invalid}
        aria-describedby={invalid ? `${helpId} ${errorId}` : helpId}
        onChange={(event) => setDraft(event.target.value)}
      />
      {!fromEnvironment && (
        <button type="submit" disabled={saving}>
          Apply
        </button>
      )}
      <p id={helpId} className="help">
        {fromEnvironment
          ? `Set by AGTRAY_CLIENT_VERSION, which wins over this setting; change it there.`
          : `What agtray tells Google it is. Leave empty for the built-in ${settings.client_version_built_in}; set a newer one when Google says this version is no longer supported.`}
      </p>
      {invalid && (
        <p id={errorId} className="field-error">
          Enter a version such as 4.3.0, or leave it empty.
        </p>
      )}
    </form>
  )
}
