import { describe, expect, it, vi } from 'vitest'
import { createTypedEmitter } from '../../../src/core/runtime/typed-emitter'
import { createSettingsController } from '../../../src/core/settings/settings-controller'
import { createSettingsService } from '../../../src/core/settings/settings-service'
import type { CoreEventMap } from '../../../src/shared/core-events'
import type { SettingsDto } from '../../../src/shared/settings-dto'
import { createMemorySettingsStore } from '../../helpers/memory-settings-store'

function setUp(listening: { host: string; port: number } | null) {
  const store = createMemorySettingsStore()
  const settings = createSettingsService(store, {})
  const events = createTypedEmitter<CoreEventMap>()
  const announced: SettingsDto[] = []
  events.on('settings-changed', (dto) => announced.push(dto))
  const controller = createSettingsController({
    dataDir: '/home/ana/.agtray',
    settings,
    listening: () => listening,
    events,
  })
  settings.onChange(() => controller.announce())
  return { controller, settings, store, announced }
}

describe('the settings as the app edits them', () => {
  it('stores a change and answers with the settings now in force', async () => {
    const { controller, store } = setUp(null)
    const answer = await controller.updateSettings({ theme: 'dark', auth_mode: 'strict' })
    expect(answer).toMatchObject({
      data_dir: '/home/ana/.agtray',
      theme: 'dark',
      auth_mode: 'strict',
      restart_required: false,
    })
    expect(store.written()).toMatchObject({
      app: { theme: 'dark' },
      proxy: { auth_mode: 'strict' },
    })
    expect(controller.getSettings()).toEqual(answer)
  })

  it('says a restart is pending once the port differs from the one the server listens on', async () => {
    const { controller } = setUp({ host: '127.0.0.1', port: 8045 })
    expect(controller.getSettings().restart_required).toBe(false)
    expect((await controller.updateSettings({ port: 9000 })).restart_required).toBe(true)
    expect((await controller.updateSettings({ port: 8045 })).restart_required).toBe(false)
    expect((await controller.updateSettings({ lan_access: true })).restart_required).toBe(true)
  })

  it('announces every stored change, wherever it came from', async () => {
    const { controller, settings, announced } = setUp(null)
    await controller.updateSettings({ start_at_login: true })
    settings.regenerateApiKey()
    expect(announced).toHaveLength(2)
    expect(announced[0]).toMatchObject({ start_at_login: true })
  })
})

describe('the settings service', () => {
  it('tells its listeners after a change is stored, and not when the change is refused', () => {
    const settings = createSettingsService(createMemorySettingsStore(), {})
    const listener = vi.fn()
    const stop = settings.onChange(listener)
    settings.update((stored) => ({ ...stored, app: { ...stored.app, theme: 'light' } }))
    expect(listener).toHaveBeenCalledWith(expect.objectContaining({ raw: settings.current().raw }))
    expect(() =>
      settings.update((stored) => ({ ...stored, proxy: { ...stored.proxy, port: -1 } })),
    ).toThrow()
    expect(listener).toHaveBeenCalledOnce()
    stop()
    settings.update((stored) => ({ ...stored, app: { ...stored.app, theme: 'dark' } }))
    expect(listener).toHaveBeenCalledOnce()
  })
})
