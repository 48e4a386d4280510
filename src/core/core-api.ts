import type {
  AccountDto,
  AccountListDto,
  ImportReportDto,
  UpsertResultDto,
} from '../shared/account-dto'
import type { CoreEventMap } from '../shared/core-events'
import type { ProxyStatusDto } from '../shared/proxy-status-dto'
import type { TypedEmitter } from './runtime/typed-emitter'

/**
 * What the outside (admin API, Electron IPC, CLI) may ask of the core. Only DTOs go in and out;
 * no token ever leaves through here.
 */
export interface CoreApi {
  readonly events: TypedEmitter<CoreEventMap>
  listAccounts(): AccountListDto
  addAccountByRefreshToken(refreshToken: string): Promise<UpsertResultDto>
  removeAccount(id: string): Promise<void>
  setAccountProxyDisabled(
    id: string,
    disabled: boolean,
    reason?: string | null,
  ): Promise<AccountDto>
  importAccounts(input: unknown): Promise<ImportReportDto>
  proxyStatus(): ProxyStatusDto
  setProxyEnabled(enabled: boolean): Promise<ProxyStatusDto>
}
