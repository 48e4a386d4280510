import type { AccountDto, AccountListDto, ImportReportDto } from './account-dto'
import type { AccountsChangedEvent, CoreEventName } from './core-events'
import type { ErrorCode } from './error-codes'
import type { ExportResultDto, OAuthFinishedDto, OAuthStartDto } from './oauth-dto'
import type { ProxyStatusDto } from './proxy-status-dto'
import type { SettingsDto, SettingsPatchDto } from './settings-dto'

/**
 * Every call the renderer can make, with its arguments and result. Main registers one handler per
 * channel, the preload exposes exactly these, and the web console maps them to the admin API
 * (`httpRouteFor`). Only DTOs cross: never a token.
 */
export interface IpcCalls {
  'accounts:list': { args: []; result: AccountListDto }
  /** Free text: one or many refresh tokens, or the JSON of an export file. */
  'accounts:add-from-text': { args: [text: string]; result: ImportReportDto }
  'accounts:remove': { args: [id: string]; result: null }
  'accounts:set-proxy-disabled': {
    args: [id: string, disabled: boolean, reason: string | null]
    result: AccountDto
  }
  /** Starts an OAuth sign-in (re-authorizing `accountId` when given); `oauth:finished` tells the end. */
  'accounts:start-oauth': { args: [accountId: string | null]; result: OAuthStartDto }
  'accounts:cancel-oauth': { args: [flowId: string]; result: null }
  /** "Open in my browser instead": the system browser on the same flow. */
  'accounts:open-oauth-in-browser': { args: [flowId: string]; result: null }
  'accounts:export': { args: []; result: ExportResultDto }
  'proxy:status': { args: []; result: ProxyStatusDto }
  'proxy:set-enabled': { args: [enabled: boolean]; result: ProxyStatusDto }
  /** Shows the API key on the user's explicit request; never part of any other DTO. */
  'proxy:reveal-api-key': { args: []; result: string }
  'proxy:regenerate-api-key': { args: []; result: ProxyStatusDto }
  'settings:get': { args: []; result: SettingsDto }
  'settings:update': { args: [patch: SettingsPatchDto]; result: SettingsDto }
}

export interface IpcEvents {
  'accounts:changed': AccountsChangedEvent
  'proxy:status-changed': ProxyStatusDto
  'oauth:finished': OAuthFinishedDto
  'settings:changed': SettingsDto
}

export type IpcCallChannel = keyof IpcCalls
export type IpcEventChannel = keyof IpcEvents
export type IpcArgs<C extends IpcCallChannel> = IpcCalls[C]['args']
export type IpcResultValue<C extends IpcCallChannel> = IpcCalls[C]['result']

/** Every answer crossing IPC: a value, or an error a user can read. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string }

/** Runtime lists whose completeness the compiler checks (see `Exhaustive` below). */
export const ipcCallChannels = [
  'accounts:list',
  'accounts:add-from-text',
  'accounts:remove',
  'accounts:set-proxy-disabled',
  'accounts:start-oauth',
  'accounts:cancel-oauth',
  'accounts:open-oauth-in-browser',
  'accounts:export',
  'proxy:status',
  'proxy:set-enabled',
  'proxy:reveal-api-key',
  'proxy:regenerate-api-key',
  'settings:get',
  'settings:update',
] as const satisfies readonly IpcCallChannel[]

export const ipcEventChannels = [
  'accounts:changed',
  'proxy:status-changed',
  'oauth:finished',
  'settings:changed',
] as const satisfies readonly IpcEventChannel[]

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never]
  ? true
  : ['missing', Exclude<All, Listed>]
export const callChannelsComplete: Exhaustive<IpcCallChannel, (typeof ipcCallChannels)[number]> =
  true
export const eventChannelsComplete: Exhaustive<IpcEventChannel, (typeof ipcEventChannels)[number]> =
  true

/** The core's event names (admin SSE) for each IPC event. */
export const coreEventForIpcEvent = {
  'accounts:changed': 'accounts-changed',
  'proxy:status-changed': 'proxy-status-changed',
  'oauth:finished': 'oauth-finished',
  'settings:changed': 'settings-changed',
} as const satisfies Record<IpcEventChannel, CoreEventName>

export const isIpcCallChannel = (value: unknown): value is IpcCallChannel =>
  typeof value === 'string' && (ipcCallChannels as readonly string[]).includes(value)

/** A handler for every channel: a missing one is a compile error in main. */
export type IpcHandlers = {
  [C in IpcCallChannel]: (...args: IpcArgs<C>) => Promise<IpcResultValue<C>>
}

/** What the renderer's stores use, whatever the transport (IPC in the app, HTTP in the web console). */
export interface RendererApi {
  call<C extends IpcCallChannel>(channel: C, ...args: IpcArgs<C>): Promise<IpcResultValue<C>>
  on<E extends IpcEventChannel>(event: E, listener: (payload: IpcEvents[E]) => void): () => void
}

/** Thrown by a RendererApi when the other side answered `{ok: false}`. */
export class RendererApiError extends Error {
  readonly code: ErrorCode
  constructor(code: ErrorCode, message: string) {
    super(message)
    this.name = 'RendererApiError'
    this.code = code
  }
}

/** What the preload puts on `window.api`. */
export interface PreloadBridge {
  invoke<C extends IpcCallChannel>(
    channel: C,
    ...args: IpcArgs<C>
  ): Promise<IpcResult<IpcResultValue<C>>>
  on<E extends IpcEventChannel>(event: E, listener: (payload: IpcEvents[E]) => void): () => void
}
