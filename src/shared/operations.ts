import * as z from 'zod/mini'
import type {
  AccountDto,
  AccountListDto,
  ImportReportDto,
  QuotaRefreshReportDto,
  UpsertResultDto,
} from './account-dto'
import type { ExportResultDto, OAuthCompletionDto, OAuthStartDto } from './oauth-dto'
import type { ArgValues, ResultOf } from './operation-contract'
import { operation } from './operation-contract'
import type { ProxyStatusDto } from './proxy-status-dto'
import type { SettingsDto } from './settings-dto'
import { authModeSettings, schedulingModeSettings, themeSettings } from './settings-dto'
import { clientVersionHint, isClientVersion } from './client-version'

/** Pasted account text, export files included, stays far below this. */
const MAX_TEXT_LENGTH = 10 * 1024 * 1024
const MAX_ID_LENGTH = 200
/** Google's redirect address with its code and state is a few hundred characters. */
const MAX_PASTED_ANSWER_LENGTH = 4096
/** The disable dialog's reason field holds as much. */
const MAX_REASON_LENGTH = 500

const id = z.string().check(
  z.minLength(1),
  z.maxLength(MAX_ID_LENGTH),
  z.refine((value: string) => value.trim() !== '', 'Invalid input: expected an id, not blanks'),
)
// No minimum: empty text reaches the core, whose answer says what to paste.
const text = z.string().check(z.maxLength(MAX_TEXT_LENGTH))
const reason = z.string().check(z.maxLength(MAX_REASON_LENGTH))
/** A body field a client may leave out for null. IPC passes every argument, null included. */
const orNull = <S extends z.core.$ZodType<string>>(schema: S) =>
  z._default(z.nullable(schema), null)

const settingsPatch = z.strictObject({
  theme: z.optional(z.enum(themeSettings)),
  start_at_login: z.optional(z.boolean()),
  start_proxy_at_launch: z.optional(z.boolean()),
  port: z.optional(z.int().check(z.minimum(0), z.maximum(65535))),
  lan_access: z.optional(z.boolean()),
  auth_mode: z.optional(z.enum(authModeSettings)),
  scheduling_mode: z.optional(z.enum(schedulingModeSettings)),
  fixed_account_id: z.optional(z.nullable(id)),
  quota_protection_enabled: z.optional(z.boolean()),
  quota_protection_threshold: z.optional(z.int().check(z.minimum(1), z.maximum(99))),
  // An empty string goes back to the built-in version.
  client_version: z.optional(
    z
      .string()
      .check(
        z.refine(
          (value: string) => value === '' || isClientVersion(value),
          `Invalid input: expected ${clientVersionHint}, or "" for the built-in one`,
        ),
      ),
  ),
  quota_refresh_minutes: z.optional(z.nullable(z.int().check(z.minimum(1), z.maximum(1440)))),
  // Checked by the core (shared/outbound-proxy-url), whose message says what a proxy URL is.
  outbound_proxy: z.optional(z.nullable(z.string().check(z.maxLength(2048)))),
})

/**
 * Every user operation, once: its name (the IPC channel), its arguments and their schemas, its
 * result DTO, and its admin API route. Main registers the IPC handlers from it, the core builds
 * the admin router from it, the web console and the CLI build their requests from it. Only DTOs
 * cross: never a token. `/api/session`, `/api/events` and `/oauth/callback` are not calls and
 * are written by hand.
 */
export const operations = {
  'accounts:list': operation<AccountListDto>()({
    args: [],
    ipc: true,
    http: { method: 'GET', path: '/api/accounts' },
  }),
  /** Adds or updates the account of one refresh token (`agtray accounts add`). */
  'accounts:add-refresh-token': operation<UpsertResultDto>()({
    args: [['refresh_token', z.string().check(z.minLength(1))]],
    ipc: false,
    http: {
      method: 'POST',
      path: '/api/accounts',
      status: (result) => (result.created ? 201 : 200),
    },
  }),
  /** Free text: one or many refresh tokens, or the JSON of an export file. */
  'accounts:add-from-text': operation<ImportReportDto>()({
    args: [['text', text]],
    ipc: true,
    http: { method: 'POST', path: '/api/accounts/add-from-text' },
  }),
  /** An export file's JSON (`agtray accounts import`); its shape is the core's to check. */
  'accounts:import': operation<ImportReportDto>()({
    args: [['input', z.unknown()]],
    ipc: false,
    http: { method: 'POST', path: '/api/accounts/import', body: 'input' },
  }),
  'accounts:remove': operation<null>()({
    args: [['id', id]],
    ipc: true,
    http: { method: 'DELETE', path: '/api/accounts/:id', status: 204 },
  }),
  'accounts:set-proxy-disabled': operation<AccountDto>()({
    args: [
      ['id', id],
      ['proxy_disabled', z.boolean()],
      ['reason', orNull(reason)],
    ],
    ipc: true,
    http: { method: 'POST', path: '/api/accounts/:id/proxy-disabled' },
  }),
  /** Fetches one account's quota from Google now (`agtray accounts quota --refresh <id>`). */
  'accounts:refresh-quota': operation<AccountDto>()({
    args: [['id', id]],
    ipc: true,
    http: { method: 'POST', path: '/api/accounts/:id/quota/refresh' },
  }),
  /** Fetches every account's quota now, a few at a time; one result per account. */
  'accounts:refresh-all-quotas': operation<QuotaRefreshReportDto>()({
    args: [],
    ipc: true,
    http: { method: 'POST', path: '/api/accounts/quota/refresh' },
  }),
  /** The account's own outbound proxy to Google (a URL), or null to use the global one again. */
  'accounts:set-outbound-proxy': operation<AccountDto>()({
    args: [
      ['id', id],
      ['proxy_url', orNull(z.string().check(z.maxLength(2048)))],
    ],
    ipc: true,
    http: { method: 'POST', path: '/api/accounts/:id/outbound-proxy' },
  }),
  /** Starts an OAuth sign-in (re-authorizing `account_id` when given); `oauth:finished` tells the end. */
  'accounts:start-oauth': operation<OAuthStartDto>()({
    args: [['account_id', orNull(id)]],
    ipc: true,
    http: { method: 'POST', path: '/api/oauth/start' },
  }),
  'accounts:cancel-oauth': operation<null>()({
    args: [['flowId', id]],
    ipc: true,
    http: { method: 'POST', path: '/api/oauth/:flowId/cancel' },
  }),
  /**
   * Signing in on another device: the address the browser ended on (or the code), pasted back.
   * Its state must be this sign-in's; a wrong one changes nothing.
   */
  'accounts:complete-oauth': operation<OAuthCompletionDto>()({
    args: [
      ['flowId', id],
      ['answer', z.string().check(z.minLength(1), z.maxLength(MAX_PASTED_ANSWER_LENGTH))],
    ],
    ipc: true,
    http: { method: 'POST', path: '/api/oauth/:flowId/complete' },
  }),
  /** The consent URL of a running sign-in; `not_found` once it has ended. */
  'accounts:oauth-url': operation<string>()({
    args: [['flowId', id]],
    ipc: false,
    http: { method: 'GET', path: '/api/oauth/:flowId', resultField: 'auth_url' },
  }),
  /**
   * "Open in my browser instead": the system browser on the same flow. Not over HTTP: the web
   * console reads `accounts:oauth-url` and opens it in a new tab itself.
   */
  'accounts:open-oauth-in-browser': operation<null>()({
    args: [['flowId', id]],
    ipc: true,
    http: null,
  }),
  /**
   * Saves the accounts, refresh tokens included, to a file the user picks. Not over HTTP: the
   * admin API never sends refresh tokens over the network (the web console says to run
   * `agtray accounts export` on the server).
   */
  'accounts:export': operation<ExportResultDto>()({ args: [], ipc: true, http: null }),
  'proxy:status': operation<ProxyStatusDto>()({
    args: [],
    ipc: true,
    http: { method: 'GET', path: '/api/proxy' },
  }),
  'proxy:set-enabled': operation<ProxyStatusDto>()({
    args: [['enabled', z.boolean()]],
    ipc: true,
    http: { method: 'POST', path: '/api/proxy' },
  }),
  /** Shows the API key on the user's explicit request; never part of any other DTO. */
  'proxy:reveal-api-key': operation<string>()({
    args: [],
    ipc: true,
    http: { method: 'GET', path: '/api/proxy/api-key', resultField: 'api_key' },
  }),
  'proxy:regenerate-api-key': operation<ProxyStatusDto>()({
    args: [],
    ipc: true,
    http: { method: 'POST', path: '/api/proxy/api-key/regenerate' },
  }),
  'settings:get': operation<SettingsDto>()({
    args: [],
    ipc: true,
    http: { method: 'GET', path: '/api/settings' },
  }),
  'settings:update': operation<SettingsDto>()({
    args: [['patch', settingsPatch]],
    ipc: true,
    http: { method: 'PATCH', path: '/api/settings', body: 'patch' },
  }),
}

type Operations = typeof operations
export type OperationName = keyof Operations
export type OperationArgs<N extends OperationName> = ArgValues<Operations[N]['args']>
export type OperationResult<N extends OperationName> = ResultOf<Operations[N]>
/** The operations the admin API offers. */
export type HttpOperationName = {
  [N in OperationName]: Operations[N]['http'] extends null ? never : N
}[OperationName]
/** The operations the desktop window may call over IPC, by channel. */
export type IpcOperationName = {
  [N in OperationName]: Operations[N]['ipc'] extends true ? N : never
}[OperationName]

/** An implementation for every operation in `N`: a missing one is a compile error. */
export type OperationHandlers<N extends OperationName> = {
  [K in N]: (...args: OperationArgs<K>) => Promise<OperationResult<K>>
}

export const operationNames = Object.keys(operations) as OperationName[]

export const isHttpOperation = (name: OperationName): name is HttpOperationName =>
  operations[name].http !== null

export const httpOperationNames = operationNames.filter(isHttpOperation)
