import type { ReactNode } from 'react'
import type { ImportReportDto } from '../../../shared/account-dto'
import { ErrorAlert } from '../components/error-alert'
import { formatImportReport } from '../format/import-report'
import type { Outcome } from '../stores/outcome'

export function ImportResult(props: { outcome: Outcome<ImportReportDto> | null }): ReactNode {
  const { outcome } = props
  if (!outcome) return null
  if (!outcome.ok) return <ErrorAlert error={outcome.error} />
  const failed = outcome.value.failed.length > 0
  return (
    <p className={failed ? 'alert alert-warning' : 'alert alert-success'} role="status">
      {formatImportReport(outcome.value)}
    </p>
  )
}
