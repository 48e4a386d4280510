import type { ImportReportDto } from '../../../shared/account-dto'

/** "2 added, 1 updated, 1 failed: a@b.com: invalid_grant". */
export function formatImportReport(report: ImportReportDto): string {
  const counts = `${report.added} added, ${report.updated} updated`
  if (report.failed.length === 0) return counts
  const failures = report.failed
    .map((failure) => (failure.email ? `${failure.email}: ${failure.error}` : failure.error))
    .join('; ')
  return `${counts}, ${report.failed.length} failed: ${failures}`
}

export const addingLabel = (count: number): string =>
  count === 1 ? 'Adding 1 account…' : `Adding ${count} accounts…`
