import { useId, useState } from 'react'
import type { ChangeEvent, ReactNode } from 'react'
import type { ImportReportDto } from '../../../shared/account-dto'
import { addingLabel } from '../format/import-report'
import type { Outcome } from '../stores/outcome'
import { useAccounts, useStores } from '../stores/stores-context'
import { ImportResult } from './import-result'

export function ImportFileTab(): ReactNode {
  const store = useStores().accounts
  const adding = useAccounts((state) => state.adding)
  const [outcome, setOutcome] = useState<Outcome<ImportReportDto> | null>(null)
  const inputId = useId()

  const pick = async (event: ChangeEvent<HTMLInputElement>): Promise<void> => {
    const input = event.currentTarget
    const file = input.files?.[0]
    if (!file) return
    setOutcome(null)
    const text = await file.text()
    setOutcome(await store.getState().addFromText(text))
    // Lets the same file be chosen again after fixing it.
    input.value = ''
  }

  return (
    <div>
      <label htmlFor={inputId}>Export file (.json)</label>
      <p className="help">
        A file saved by Export here, by <code>agtray accounts export</code>, or by Antigravity
        Tools.
      </p>
      <input
        id={inputId}
        type="file"
        accept=".json"
        disabled={adding !== null}
        onChange={(event) => void pick(event)}
      />
      {adding !== null && (
        <p className="progress" role="status">
          {addingLabel(adding)}
        </p>
      )}
      <ImportResult outcome={outcome} />
    </div>
  )
}
