import type {
  IpcArgs,
  IpcCallChannel,
  IpcResultValue,
  PreloadBridge,
  RendererApi,
} from '../../../shared/ipc-contract'
import { RendererApiError } from '../../../shared/ipc-contract'

/** True when the preload put a working bridge on `window.api` (the desktop app). */
export const isPreloadBridge = (value: unknown): value is PreloadBridge =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Partial<PreloadBridge>).invoke === 'function' &&
  typeof (value as Partial<PreloadBridge>).on === 'function'

export function createIpcRendererApi(bridge: PreloadBridge): RendererApi {
  return {
    async call<C extends IpcCallChannel>(
      channel: C,
      ...args: IpcArgs<C>
    ): Promise<IpcResultValue<C>> {
      let result: Awaited<ReturnType<PreloadBridge['invoke']>>
      try {
        result = await bridge.invoke(channel, ...args)
      } catch (error) {
        // Only a missing handler or a crash in main gets here; handlers answer {ok: false} otherwise.
        const detail = error instanceof Error ? error.message : String(error)
        throw new RendererApiError('internal', `The app did not answer ${channel}: ${detail}`)
      }
      if (result.ok) return result.value as IpcResultValue<C>
      throw new RendererApiError(result.code, result.message)
    },
    on: (event, listener) => bridge.on(event, listener),
  }
}
