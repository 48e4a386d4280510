import type { ReactNode } from 'react'
import type { ExportResultDto } from '../../../shared/oauth-dto'
import { ErrorAlert } from '../components/error-alert'
import type { Outcome } from '../stores/outcome'
import { useAccounts, useStores } from '../stores/stores-context'

export function exportMessage(result: ExportResultDto): string {
  if (result.saved_to === null) return 'Export cancelled.'
  const accounts = result.count === 1 ? '1 account' : `${result.count} accounts`
  return `Saved ${accounts} to ${result.saved_to}`
}

/** The desktop app saves through a file dialog; the web console refuses and says why. */
export function ExportButton(props: {
  onDone: (outcome: Outcome<ExportResultDto> | null) => void
}): ReactNode {
  const store = useStores().accounts
  const exporting = useAccounts((state) => state.exporting)
  const run = async (): Promise<void> => {
    props.onDone(null)
    props.onDone(await store.getState().exportAccounts())
  }
  return (
    <button type="button" disabled={exporting} onClick={() => void run()}>
      {exporting ? 'Exporting…' : 'Export'}
    </button>
  )
}

export function ExportResult(props: {
  outcome: Outcome<ExportResultDto> | null
  onDismiss: () => void
}): ReactNode {
  const { outcome } = props
  if (!outcome) return null
  if (!outcome.ok) return <ErrorAlert error={outcome.error} onDismiss={props.onDismiss} />
  return (
    <p className="alert alert-success" role="status">
      {exportMessage(outcome.value)}
    </p>
  )
}
