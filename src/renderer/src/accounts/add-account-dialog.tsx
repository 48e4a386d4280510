import { useId, useState } from 'react'
import type { KeyboardEvent, ReactNode } from 'react'
import { Dialog } from '../components/dialog'
import { ImportFileTab } from './import-file-tab'
import { OAuthSignInTab } from './oauth-sign-in-tab'
import { PasteTokensTab } from './paste-tokens-tab'

type AddTab = 'oauth' | 'paste' | 'file'

const tabs: readonly { id: AddTab; label: string }[] = [
  { id: 'oauth', label: 'Sign in with Google' },
  { id: 'paste', label: 'Paste refresh tokens' },
  { id: 'file', label: 'Import a JSON file' },
]

export function AddAccountDialog(props: { onClose: () => void }): ReactNode {
  const [selected, setSelected] = useState<AddTab>('oauth')
  const baseId = useId()
  const tabId = (tab: AddTab): string => `${baseId}-tab-${tab}`
  const panelId = `${baseId}-panel`

  // Arrow keys move between tabs, as the ARIA tabs pattern has it.
  const onTabKey = (event: KeyboardEvent<HTMLButtonElement>, index: number): void => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0
    if (step === 0) return
    event.preventDefault()
    const next = tabs[(index + step + tabs.length) % tabs.length]
    if (!next) return
    setSelected(next.id)
    document.getElementById(tabId(next.id))?.focus()
  }

  return (
    <Dialog title="Add account" onClose={props.onClose} className="dialog-wide">
      <div className="tabs" role="tablist" aria-label="How to add the account">
        {tabs.map((tab, index) => (
          <button
            key={tab.id}
            id={tabId(tab.id)}
            type="button"
            role="tab"
            aria-selected={tab.id === selected}
            aria-controls={panelId}
            tabIndex={tab.id === selected ? 0 : -1}
            onClick={() => setSelected(tab.id)}
            onKeyDown={(event) => onTabKey(event, index)}
          >
            {tab.label}
          </button>
        ))}
      </div>
      <div id={panelId} className="tab-panel" role="tabpanel" aria-labelledby={tabId(selected)}>
        {selected === 'oauth' && <OAuthSignInTab onStarted={props.onClose} />}
        {selected === 'paste' && <PasteTokensTab />}
        {selected === 'file' && <ImportFileTab />}
      </div>
      <div className="dialog-actions">
        <button type="button" onClick={props.onClose}>
          Close
        </button>
      </div>
    </Dialog>
  )
}
