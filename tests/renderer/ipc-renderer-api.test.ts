import { describe, expect, it, vi } from 'vitest'
import type { PreloadBridge } from '../../src/shared/ipc-contract'
import { RendererApiError } from '../../src/shared/ipc-contract'
import {
  createIpcRendererApi,
  isPreloadBridge,
} from '../../src/renderer/src/transport/ipc-renderer-api'
import { makeStatus } from './helpers/fixtures'

function fakeBridge(invoke: (...args: unknown[]) => Promise<unknown>): PreloadBridge {
  return {
    invoke: vi.fn(invoke) as unknown as PreloadBridge['invoke'],
    on: vi.fn(() => () => {}) as unknown as PreloadBridge['on'],
  }
}

describe('IPC RendererApi', () => {
  it('passes the channel and arguments and unwraps {ok: true}', async () => {
    const status = makeStatus({ enabled: false })
    const bridge = fakeBridge(async () => ({ ok: true, value: status }))
    const api = createIpcRendererApi(bridge)
    await expect(api.call('proxy:set-enabled', false)).resolves.toEqual(status)
    expect(bridge.invoke).toHaveBeenCalledWith('proxy:set-enabled', false)
  })

  it('throws a RendererApiError with the code and message of {ok: false}', async () => {
    const api = createIpcRendererApi(
      fakeBridge(async () => ({ ok: false, code: 'not_found', message: 'No account acc-9' })),
    )
    const error = await api.call('accounts:remove', 'acc-9').catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(RendererApiError)
    expect((error as RendererApiError).code).toBe('not_found')
    expect((error as RendererApiError).message).toBe('No account acc-9')
  })

  it('turns a rejected invoke into an internal RendererApiError', async () => {
    const api = createIpcRendererApi(
      fakeBridge(async () => {
        throw new Error("No handler registered for 'accounts:list'")
      }),
    )
    const error = (await api
      .call('accounts:list')
      .catch((caught: unknown) => caught)) as RendererApiError
    expect(error.code).toBe('internal')
    expect(error.message).toBe(
      "The app did not answer accounts:list: No handler registered for 'accounts:list'",
    )
  })

  it('subscribes to events through the bridge', () => {
    const bridge = fakeBridge(async () => null)
    const listener = vi.fn()
    createIpcRendererApi(bridge).on('accounts:changed', listener)
    expect(bridge.on).toHaveBeenCalledWith('accounts:changed', listener)
  })

  it('recognises a working bridge and not the placeholder {}', () => {
    expect(isPreloadBridge({})).toBe(false)
    expect(isPreloadBridge(undefined)).toBe(false)
    expect(isPreloadBridge(fakeBridge(async () => null))).toBe(true)
  })
})
