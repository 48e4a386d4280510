import type { EventEmitter } from 'node:events'
import { beforeAll, describe, expect, it, vi } from 'vitest'
import type { PreloadBridge } from '../../src/shared/ipc-contract'
import { statusDto } from './fakes/fake-core'

const electron = vi.hoisted(() => {
  const exposed = new Map<string, unknown>()
  return {
    exposed,
    contextBridge: {
      exposeInMainWorld: vi.fn((key: string, api: unknown) => exposed.set(key, api)),
    },
    ipcRenderer: null as unknown as EventEmitter & { invoke: ReturnType<typeof vi.fn> },
  }
})

vi.mock('electron', async () => {
  const { EventEmitter: Emitter } = await import('node:events')
  const ipcRenderer = Object.assign(new Emitter(), {
    invoke: vi.fn(async (channel: string, ...args: unknown[]) => ({
      ok: true,
      value: { channel, args },
    })),
  })
  electron.ipcRenderer = ipcRenderer
  const module = { contextBridge: electron.contextBridge, ipcRenderer }
  return { ...module, default: module }
})

let api: PreloadBridge
beforeAll(async () => {
  await import('../../src/preload/index')
  api = electron.exposed.get('api') as PreloadBridge
})

describe('the preload bridge', () => {
  it('exposes only `api`, with only invoke and on, and never ipcRenderer', () => {
    expect(electron.contextBridge.exposeInMainWorld).toHaveBeenCalledOnce()
    expect([...electron.exposed.keys()]).toEqual(['api'])
    expect(Object.keys(api).sort()).toEqual(['invoke', 'on'])
    expect(Object.values(api)).not.toContain(electron.ipcRenderer)
    for (const value of Object.values(api)) expect(typeof value).toBe('function')
  })

  it('invokes contract channels with their arguments', async () => {
    await expect(api.invoke('accounts:set-proxy-disabled', 'acc-1', true, null)).resolves.toEqual({
      ok: true,
      value: { channel: 'accounts:set-proxy-disabled', args: ['acc-1', true, null] },
    })
    expect(electron.ipcRenderer.invoke).toHaveBeenCalledWith(
      'accounts:set-proxy-disabled',
      'acc-1',
      true,
      null,
    )
  })

  it('refuses channels outside the contract', async () => {
    electron.ipcRenderer.invoke.mockClear()
    const invoke = api.invoke as (channel: unknown) => Promise<unknown>
    for (const channel of ['electron-store-get-data', 'accounts:export-tokens', '', 42]) {
      await expect(invoke(channel)).rejects.toThrow(/not an IPC call of agtray/)
    }
    expect(electron.ipcRenderer.invoke).not.toHaveBeenCalled()
  })

  it('passes event payloads only, never the IpcRendererEvent, and unsubscribes', () => {
    const listener = vi.fn()
    const unsubscribe = api.on('proxy:status-changed', listener)
    const payload = statusDto({ enabled: false })
    const ipcEvent = { sender: electron.ipcRenderer, senderId: 0 }
    electron.ipcRenderer.emit('proxy:status-changed', ipcEvent, payload)
    expect(listener).toHaveBeenCalledOnce()
    expect(listener.mock.calls[0]).toEqual([payload])
    unsubscribe()
    electron.ipcRenderer.emit('proxy:status-changed', ipcEvent, payload)
    expect(listener).toHaveBeenCalledOnce()
    expect(electron.ipcRenderer.listenerCount('proxy:status-changed')).toBe(0)
  })

  it('refuses to listen to channels outside the contract', () => {
    expect(() => api.on('electron-store-get-data' as never, vi.fn())).toThrow(
      /not an event of agtray/,
    )
    expect(electron.ipcRenderer.listenerCount('electron-store-get-data')).toBe(0)
  })
})
