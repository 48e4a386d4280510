import { useId, useState } from 'react'
import type { FormEvent, ReactNode } from 'react'
import type { ImportReportDto } from '../../../shared/account-dto'
import { addingLabel } from '../format/import-report'
import type { Outcome } from '../stores/outcome'
import { useAccounts, useStores } from '../stores/stores-context'
import { ImportResult } from './import-result'

export function PasteTokensTab(): ReactNode {
  const store = useStores().accounts
  const adding = useAccounts((state) => state.adding)
  const [text, setText] = useState('')
  const [outcome, setOutcome] = useState<Outcome<ImportReportDto> | null>(null)
  const textId = useId()
  const helpId = useId()

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault()
    setOutcome(null)
    const result = await store.getState().addFromText(text)
    setOutcome(result)
    // Refresh tokens are secrets: they do not stay on screen once they are saved.
    if (result.ok) setText('')
  }

  return (
    <form onSubmit={(event) => void submit(event)}>
      <label htmlFor={textId}>Refresh tokens or an export&apos;s JSON</label>
      <p id={helpId} className="help">
        One token or many (each starts with <code>1//</code>), in any layout, or the whole JSON of
        an agtray or Antigravity Tools export.
      </p>
      <textarea
        id={textId}
        rows={6}
        spellCheck={false}
        autoComplete="off"
        aria-describedby={helpId}
        value={text}
        onChange={(event) => setText(event.target.value)}
      />
      <div className="dialog-actions">
        <button
          type="submit"
          className="button-primary"
          disabled={adding !== null || text.trim() === ''}
        >
          {adding !== null ? addingLabel(adding) : 'Add accounts'}
        </button>
      </div>
      <ImportResult outcome={outcome} />
    </form>
  )
}
