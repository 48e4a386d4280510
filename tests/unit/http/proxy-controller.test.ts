import { afterEach, describe, expect, it, vi } from 'vitest'
import type { TokenPool } from '../../../src/core/pool/token-pool'
import { createProxyController } from '../../../src/core/http/proxy-controller'
import { createTypedEmitter } from '../../../src/core/runtime/typed-emitter'
import { createSettingsService } from '../../../src/core/settings/settings-service'
import type { CoreEventMap } from '../../../src/shared/core-events'
import type { ProxyStatusDto } from '../../../src/shared/proxy-status-dto'
import { createMemoryLogger } from '../../helpers/memory-logger'
import { createMemorySettingsStore } from '../../helpers/memory-settings-store'

const counts = {
  in_pool: 2,
  disabled: 1,
  proxy_disabled: 0,
  quota_protected: 0,
  cooldown: 0,
  unreadable: 0,
}

function setUp(options: { env?: NodeJS.ProcessEnv; enabled?: boolean } = {}) {
  const store = createMemorySettingsStore()
  const settings = createSettingsService(store, options.env ?? {})
  const pool = { size: () => counts.in_pool, counts: () => counts } as unknown as TokenPool
  const events = createTypedEmitter<CoreEventMap>()
  const statuses: ProxyStatusDto[] = []
  events.on('proxy-status-changed', (status) => statuses.push(status))
  const logger = createMemoryLogger()
  const proxy = createProxyController({
    settings,
    pool,
    events,
    logger,
    enabled: options.enabled ?? true,
  })
  return { proxy, settings, store, statuses, logger }
}

afterEach(() => {
  vi.useRealTimers()
})

describe('the proxy controller', () => {
  it('announces the switch when it turns, and only then', async () => {
    const { proxy, statuses, logger } = setUp({ enabled: true })
    expect(await proxy.setProxyEnabled(true)).toMatchObject({ enabled: true })
    expect(statuses).toEqual([])
    expect(await proxy.setProxyEnabled(false)).toMatchObject({ enabled: false })
    expect(proxy.isEnabled()).toBe(false)
    expect(statuses).toEqual([expect.objectContaining({ enabled: false, pool_size: 2, counts })])
    expect(logger.messages()).toEqual(['Proxy disabled'])
  })

  it('shows the settings’ address until the server listens, then the server’s', () => {
    const { proxy } = setUp()
    expect(proxy.proxyStatus()).toMatchObject({
      host: '127.0.0.1',
      port: 8045,
      base_url: 'http://127.0.0.1:8045',
      auth_mode: 'off',
    })
    proxy.listeningOn({ host: '0.0.0.0', port: 40123, url: 'http://0.0.0.0:40123' })
    expect(proxy.proxyStatus()).toMatchObject({
      host: '0.0.0.0',
      port: 40123,
      base_url: 'http://0.0.0.0:40123',
      // auto on a LAN address: the key is required.
      auth_mode: 'all_except_health',
    })
    expect(proxy.listening()?.port).toBe(40123)
  })

  it('announces pool changes at once, then at most once a second while they keep coming', () => {
    vi.useFakeTimers()
    const { proxy, statuses } = setUp()
    proxy.poolChanged()
    vi.advanceTimersByTime(0)
    expect(statuses).toHaveLength(1)
    for (let n = 0; n < 50; n++) {
      proxy.poolChanged()
      vi.advanceTimersByTime(10)
    }
    // 500 ms of changes after the first announcement: one more, a second after it.
    expect(statuses).toHaveLength(1)
    vi.advanceTimersByTime(500)
    expect(statuses).toHaveLength(2)
    vi.advanceTimersByTime(5000)
    expect(statuses).toHaveLength(2)
  })

  it('announces nothing once closed, not even a change already waiting', () => {
    vi.useFakeTimers()
    const { proxy, statuses } = setUp()
    proxy.poolChanged()
    proxy.close()
    proxy.announceStatus()
    vi.advanceTimersByTime(5000)
    expect(statuses).toEqual([])
  })

  it('regenerates the API key: stored, shown on request, never in the log', async () => {
    const { proxy, store, logger } = setUp()
    const before = proxy.revealApiKey()
    await proxy.regenerateApiKey()
    const after = proxy.revealApiKey()
    expect(after).toMatch(/^sk-[0-9a-f]{32}$/)
    expect(after).not.toBe(before)
    expect(store.written()).toMatchObject({ proxy: { api_key: after } })
    logger.info(`a line that happens to hold ${after}`)
    expect(logger.lines.join('\n')).not.toContain(after)
    expect(logger.messages()).toContain('The API key was regenerated; clients need the new one')
  })

  it('refuses to regenerate a key that AGTRAY_API_KEY sets', async () => {
    const { proxy, store } = setUp({ env: { AGTRAY_API_KEY: 'sk-from-the-environment' } })
    const stored = store.written()
    await expect(proxy.regenerateApiKey()).rejects.toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('AGTRAY_API_KEY'),
    })
    expect(store.written()).toBe(stored)
    expect(proxy.revealApiKey()).toBe('sk-from-the-environment')
  })
})
