import type { AccountsChangedEvent, CoreEventName } from './core-events'
import type { ErrorCode } from './error-codes'
import type { OAuthFinishedDto } from './oauth-dto'
import type {
  IpcOperationName,
  OperationArgs,
  OperationHandlers,
  OperationResult,
} from './operations'
import { operationNames, operations } from './operations'
import type { ProxyStatusDto } from './proxy-status-dto'
import type { SettingsDto } from './settings-dto'

/**
 * The calls the renderer can make are the operations of `./operations` offered over IPC: main
 * registers one handler per channel, the preload exposes exactly these, and the web console
 * sends them to the admin API. Only DTOs cross: never a token.
 */
export type IpcCallChannel = IpcOperationName
export type IpcArgs<C extends IpcCallChannel> = OperationArgs<C>
export type IpcResultValue<C extends IpcCallChannel> = OperationResult<C>

export interface IpcEvents {
  'accounts:changed': AccountsChangedEvent
  'proxy:status-changed': ProxyStatusDto
  'oauth:finished': OAuthFinishedDto
  'settings:changed': SettingsDto
}

export type IpcEventChannel = keyof IpcEvents

/** Every answer crossing IPC: a value, or an error a user can read. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: ErrorCode; message: string }

export const ipcCallChannels: readonly IpcCallChannel[] = operationNames.filter(
  (name): name is IpcCallChannel => operations[name].ipc,
)

/** A runtime list whose completeness the compiler checks (see `Exhaustive` below). */
export const ipcEventChannels = [
  'accounts:changed',
  'proxy:status-changed',
  'oauth:finished',
  'settings:changed',
] as const satisfies readonly IpcEventChannel[]

type Exhaustive<All, Listed> = [Exclude<All, Listed>] extends [never]
  ? true
  : ['missing', Exclude<All, Listed>]
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
export type IpcHandlers = OperationHandlers<IpcCallChannel>

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
