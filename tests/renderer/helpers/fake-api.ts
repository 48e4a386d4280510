import { act } from '@testing-library/react'
import { vi } from 'vitest'
import type {
  IpcArgs,
  IpcCallChannel,
  IpcEventChannel,
  IpcEvents,
  IpcResultValue,
  RendererApi,
} from '../../../src/shared/ipc-contract'
import { listOf, makeSettings, makeStatus } from './fixtures'

export type FakeHandlers = {
  [C in IpcCallChannel]?: (...args: IpcArgs<C>) => IpcResultValue<C> | Promise<IpcResultValue<C>>
}

type AnyHandler = (...args: unknown[]) => unknown
type AnyListener = (payload: unknown) => void

export interface FakeApi {
  api: RendererApi
  call: ReturnType<typeof vi.fn<(channel: IpcCallChannel, ...args: unknown[]) => Promise<unknown>>>
  /** The argument lists of every call made on one channel. */
  callsTo(channel: IpcCallChannel): unknown[][]
  /** Sends an event to the UI, as main or the SSE stream would. */
  emit<E extends IpcEventChannel>(event: E, payload: IpcEvents[E]): void
  listenerCount(event: IpcEventChannel): number
}

/** A RendererApi for component tests: scripted answers, recorded calls, events on demand. */
export function createFakeApi(handlers: FakeHandlers = {}): FakeApi {
  const all: FakeHandlers = {
    'accounts:list': () => listOf(),
    'proxy:status': () => makeStatus(),
    'settings:get': () => makeSettings(),
    ...handlers,
  }
  const listeners = new Map<IpcEventChannel, Set<AnyListener>>()
  const call = vi.fn(async (channel: IpcCallChannel, ...args: unknown[]): Promise<unknown> => {
    const handler = all[channel] as AnyHandler | undefined
    if (!handler) throw new Error(`The test did not expect a call to ${channel}`)
    return handler(...args)
  })
  const api: RendererApi = {
    call: call as unknown as RendererApi['call'],
    on(event, listener) {
      const set = listeners.get(event) ?? new Set<AnyListener>()
      listeners.set(event, set)
      set.add(listener as AnyListener)
      return () => set.delete(listener as AnyListener)
    },
  }
  return {
    api,
    call,
    callsTo: (channel) =>
      call.mock.calls.filter(([name]) => name === channel).map(([, ...args]) => args),
    emit(event, payload) {
      act(() => {
        for (const listener of [...(listeners.get(event) ?? [])]) listener(payload)
      })
    },
    listenerCount: (event) => listeners.get(event)?.size ?? 0,
  }
}
