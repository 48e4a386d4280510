import type {
  AccountDto,
  AccountListDto,
  ImportReportDto,
  QuotaRefreshReportDto,
  UpsertResultDto,
} from '../shared/account-dto'

/**
 * Where account commands act: through the running server's admin API when a server owns the
 * data folder (so its pool reloads at once), or directly on the files otherwise.
 */
export interface AccountsBackend {
  readonly via: 'server' | 'files'
  list(): Promise<AccountListDto>
  add(refreshToken: string): Promise<UpsertResultDto>
  remove(id: string): Promise<void>
  setProxyDisabled(id: string, disabled: boolean, reason?: string): Promise<AccountDto>
  importAccounts(input: unknown): Promise<ImportReportDto>
  refreshQuota(id: string): Promise<AccountDto>
  refreshAllQuotas(): Promise<QuotaRefreshReportDto>
  close(): Promise<void>
}
