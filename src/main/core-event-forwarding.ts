import type { CoreApi } from '../core'
import type { CoreEventMap } from '../shared/core-events'
import type { IpcEventChannel, IpcEvents } from '../shared/ipc-contract'
import { coreEventForIpcEvent, ipcEventChannels } from '../shared/ipc-contract'

export type IpcEventSender = <E extends IpcEventChannel>(channel: E, payload: IpcEvents[E]) => void

/** Pushes every core event the contract names to the renderer; returns the unsubscribe. */
export function forwardCoreEvents(events: CoreApi['events'], send: IpcEventSender): () => void {
  const subscribe = <E extends IpcEventChannel>(channel: E): (() => void) =>
    events.on(
      coreEventForIpcEvent[channel],
      (payload: CoreEventMap[(typeof coreEventForIpcEvent)[E]]) =>
        // The contract maps each IPC event to the core event of the same payload type.
        send(channel, payload as unknown as IpcEvents[E]),
    )
  const unsubscribes = ipcEventChannels.map(subscribe)
  return () => {
    for (const unsubscribe of unsubscribes) unsubscribe()
  }
}
