import type { IpcRenderer, IpcRendererEvent } from 'electron'
import type { IpcEventChannel, PreloadBridge } from '../shared/ipc-contract'
import { ipcEventChannels, isIpcCallChannel } from '../shared/ipc-contract'

const isIpcEventChannel = (value: unknown): value is IpcEventChannel =>
  typeof value === 'string' && (ipcEventChannels as readonly string[]).includes(value)

/**
 * `window.api`: the contract's calls and events and nothing else. The page never gets
 * `ipcRenderer` nor the IpcRendererEvent (whose `sender` could send on any channel).
 */
export function createPreloadBridge(
  ipc: Pick<IpcRenderer, 'invoke' | 'on' | 'removeListener'>,
): PreloadBridge {
  return {
    invoke(channel, ...args) {
      if (!isIpcCallChannel(channel)) {
        return Promise.reject(
          new Error(`agtray: "${String(channel)}" is not an IPC call of agtray`),
        )
      }
      return ipc.invoke(channel, ...args)
    },
    on(event, listener) {
      if (!isIpcEventChannel(event)) {
        throw new Error(`agtray: "${String(event)}" is not an event of agtray`)
      }
      if (typeof listener !== 'function') throw new Error('agtray: on() needs a listener function')
      const relay = (_event: IpcRendererEvent, payload: unknown): void =>
        listener(payload as Parameters<typeof listener>[0])
      ipc.on(event, relay)
      return () => {
        ipc.removeListener(event, relay)
      }
    },
  }
}
