import type { AccountListDto } from '../../../shared/account-dto'
import type { IpcEventChannel, IpcEvents } from '../../../shared/ipc-contract'
import { coreEventForIpcEvent, ipcEventChannels } from '../../../shared/ipc-contract'
import type { ProxyStatusDto } from '../../../shared/proxy-status-dto'

/** The part of `EventSource` the web console uses, so tests can pass a fake. */
export interface EventSourceLike {
  readonly readyState: number
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void
  close(): void
}

export interface ReadyEventDto {
  accounts: AccountListDto
  proxy: ProxyStatusDto
}

export interface SseEventsOptions {
  url: string
  createEventSource: (url: string) => EventSourceLike
  /** Asked when the stream is closed for good: a lost session sends the user back to the login. */
  isLoggedIn: () => Promise<boolean>
  onUnauthorized?: () => void
  reconnectDelayMs?: number
}

type AnyListener = (payload: unknown) => void

const CLOSED = 2

const parse = (data: string): unknown => {
  try {
    return JSON.parse(data) as unknown
  } catch {
    return undefined
  }
}

/**
 * One EventSource on the admin API's event stream, shared by every listener, open while anyone
 * listens. The stream's `ready` event (sent on every connect) is replayed as the two state events,
 * so stores are primed after a reconnect without asking.
 */
export function createSseEvents(options: SseEventsOptions): {
  on<E extends IpcEventChannel>(event: E, listener: (payload: IpcEvents[E]) => void): () => void
} {
  const listeners = new Map<IpcEventChannel, Set<AnyListener>>()
  let source: EventSourceLike | null = null
  let retry: ReturnType<typeof setTimeout> | null = null

  const listening = (): boolean => [...listeners.values()].some((set) => set.size > 0)
  const emit = <E extends IpcEventChannel>(event: E, payload: IpcEvents[E]): void => {
    for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
  }

  const recover = async (): Promise<void> => {
    // The browser retries dropped connections itself; it gives up only on an HTTP error answer,
    // which is a lost session or a server that is going away.
    const loggedIn = await options.isLoggedIn().catch(() => true)
    if (!loggedIn) {
      options.onUnauthorized?.()
      return
    }
    if (!listening() || retry) return
    retry = setTimeout(() => {
      retry = null
      if (listening() && !source) open()
    }, options.reconnectDelayMs ?? 3000)
  }

  function open(): void {
    const opened = options.createEventSource(options.url)
    source = opened
    opened.addEventListener('ready', (event) => {
      const ready = parse(event.data) as ReadyEventDto | undefined
      if (!ready) return
      emit('accounts:changed', { ...ready.accounts, reason: 'reloaded', account_id: null })
      emit('proxy:status-changed', ready.proxy)
    })
    for (const channel of ipcEventChannels) {
      opened.addEventListener(coreEventForIpcEvent[channel], (event) => {
        const payload = parse(event.data)
        if (payload !== undefined) emit(channel, payload as IpcEvents[typeof channel])
      })
    }
    opened.addEventListener('error', () => {
      if (opened.readyState !== CLOSED || source !== opened) return
      source = null
      void recover()
    })
  }

  const close = (): void => {
    source?.close()
    source = null
    if (retry) clearTimeout(retry)
    retry = null
  }

  return {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<AnyListener>()
      listeners.set(event, set)
      const entry = listener as AnyListener
      set.add(entry)
      if (!source && !retry) open()
      return () => {
        set.delete(entry)
        if (!listening()) close()
      }
    },
  }
}
