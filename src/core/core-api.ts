import type {
  AccountDto,
  AccountListDto,
  ImportReportDto,
  QuotaRefreshReportDto,
  UpsertResultDto,
} from '../shared/account-dto'
import type { CoreEventMap } from '../shared/core-events'
import type { OAuthCompletionDto, OAuthStartDto } from '../shared/oauth-dto'
import type { ProxyStatusDto } from '../shared/proxy-status-dto'
import type { SettingsDto, SettingsPatchDto } from '../shared/settings-dto'
import type { ExportedAccount } from './accounts/account-export'
import type { TypedEmitter } from './runtime/typed-emitter'

/** Where Google sends the browser back at the end of an OAuth sign-in. */
export type OAuthRedirect =
  /** A one-use listener on 127.0.0.1 with a random port (desktop app, CLI). */
  | { kind: 'loopback' }
  /** A route of the agtray server itself, as the user's browser reaches it (web console). */
  | { kind: 'server'; callbackUrl: string }

/**
 * What the outside (admin API, Electron IPC, CLI) may ask of the core. Only DTOs go in and out,
 * except `exportAccounts`, whose refresh tokens only ever go into a file the user asked for.
 */
export interface CoreApi {
  readonly events: TypedEmitter<CoreEventMap>
  listAccounts(): AccountListDto
  addAccountByRefreshToken(refreshToken: string): Promise<UpsertResultDto>
  /** One or many refresh tokens in free text, or the JSON of an export file. */
  addAccountsFromText(text: string): Promise<ImportReportDto>
  removeAccount(id: string): Promise<void>
  setAccountProxyDisabled(
    id: string,
    disabled: boolean,
    reason?: string | null,
  ): Promise<AccountDto>
  importAccounts(input: unknown): Promise<ImportReportDto>
  /** Fetches one account's quota from Google now; the account as it then stands. */
  refreshAccountQuota(id: string): Promise<AccountDto>
  /** Fetches every account's quota now, a few at a time; one result per account. */
  refreshAllQuotas(): Promise<QuotaRefreshReportDto>
  exportAccounts(): Promise<ExportedAccount[]>
  /** Starts a sign-in; its end is announced as `oauth-finished` with the same flow id. */
  startOAuth(options: { accountId: string | null; redirect: OAuthRedirect }): Promise<OAuthStartDto>
  cancelOAuth(flowId: string): void
  /** The consent URL of a running flow (to open it in another browser), or null when gone. */
  oauthUrl(flowId: string): string | null
  /** Completes a flow with the address (or code) the user pasted from another device. */
  completeOAuthPasted(flowId: string, answer: string): Promise<OAuthCompletionDto>
  /** Completes a `server` flow with the query Google redirected the browser with. */
  completeOAuthCallback(query: Record<string, unknown>): Promise<{ ok: boolean; message: string }>
  proxyStatus(): ProxyStatusDto
  setProxyEnabled(enabled: boolean): Promise<ProxyStatusDto>
  /** The API key, on the user's explicit request only. */
  revealApiKey(): string
  regenerateApiKey(): Promise<ProxyStatusDto>
  getSettings(): SettingsDto
  updateSettings(patch: SettingsPatchDto): Promise<SettingsDto>
}
