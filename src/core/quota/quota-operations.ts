import type { AccountDto, QuotaRefreshReportDto } from '../../shared/account-dto'
import { AgtrayError } from '../agtray-error'
import type { CoreApi } from '../core-api'
import type { QuotaRefresher } from './quota-refresher'

/** The quota checks as the outside asks for them: one account (an error when it failed), or all. */
export function createQuotaOperations(
  refresher: QuotaRefresher,
): Pick<CoreApi, 'refreshAccountQuota' | 'refreshAllQuotas'> {
  return {
    async refreshAccountQuota(id): Promise<AccountDto> {
      const result = await refresher.refreshOne(id)
      if ((result.outcome === 'refreshed' || result.outcome === 'forbidden') && result.account)
        return result.account
      const who = result.email ?? id
      if (result.outcome === 'skipped' && !result.account)
        throw new AgtrayError('not_found', `No account with id ${id}`)
      if (result.outcome === 'disabled')
        throw new AgtrayError(
          'google_refused',
          `${who} is disabled (${result.error ?? 'its credentials are dead'}); re-authorize it`,
        )
      throw new AgtrayError(
        'google_unavailable',
        `Could not fetch the quota of ${who}: ${result.error ?? 'unknown error'}`,
      )
    },
    async refreshAllQuotas(): Promise<QuotaRefreshReportDto> {
      const results = await refresher.refreshAll()
      return {
        total: results.length,
        refreshed: results.filter((r) => r.outcome === 'refreshed').length,
        failed: results.filter((r) => r.outcome !== 'refreshed' && r.outcome !== 'skipped').length,
        results,
      }
    },
  }
}
