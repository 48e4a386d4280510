import { readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createConfSettingsStore } from '../../src/core/settings/conf-settings-store'
import { createSettingsService } from '../../src/core/settings/settings-service'
import { makeTempDir } from '../helpers/temp-dir'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

const settingsFile = () => path.join(temp.dir, 'settings.json')

describe('settings', () => {
  it('generates an API key and an admin token on first start, stores them 0600, and keeps them', async () => {
    const first = createSettingsService(await createConfSettingsStore(temp.dir), {}).current()
    expect(first.apiKey).toMatch(/^sk-[0-9a-f]{32}$/)
    expect(first.adminToken.length).toBeGreaterThan(30)
    expect(statSync(settingsFile()).mode & 0o777).toBe(0o600)
    const second = createSettingsService(await createConfSettingsStore(temp.dir), {}).current()
    expect(second.apiKey).toBe(first.apiKey)
    expect(second.adminToken).toBe(first.adminToken)
  })

  it('defaults to 127.0.0.1:8045 and auto auth', async () => {
    const current = createSettingsService(await createConfSettingsStore(temp.dir), {}).current()
    expect(current).toMatchObject({ host: '127.0.0.1', port: 8045, authMode: 'auto' })
    expect(current.google).toEqual({ baseUrl: null, clientId: null, clientSecret: null })
  })

  it('lets the environment override the file, and flags override the environment, without writing them', async () => {
    const env = {
      AGTRAY_HOST: '0.0.0.0',
      AGTRAY_PORT: '9000',
      AGTRAY_API_KEY: 'env-key-123456',
      AGTRAY_ADMIN_TOKEN: 'env-admin-123456',
      AGTRAY_GOOGLE_BASE_URL: 'http://127.0.0.1:1',
      AGTRAY_OAUTH_CLIENT_ID: 'cid',
      AGTRAY_OAUTH_CLIENT_SECRET: 'csecret',
    }
    const service = createSettingsService(await createConfSettingsStore(temp.dir), env, {
      port: 9100,
    })
    expect(service.current()).toMatchObject({
      host: '0.0.0.0',
      port: 9100,
      apiKey: 'env-key-123456',
      apiKeySource: 'environment',
      adminToken: 'env-admin-123456',
      google: { baseUrl: 'http://127.0.0.1:1', clientId: 'cid', clientSecret: 'csecret' },
    })
    const stored = readFileSync(settingsFile(), 'utf8')
    expect(stored).not.toContain('env-key-123456')
    expect(stored).not.toContain('9000')
  })

  it('keeps unknown keys when it writes', async () => {
    writeFileSync(
      settingsFile(),
      JSON.stringify({ language: 'fr', proxy: { port: 8123, legacy: true } }),
    )
    createSettingsService(await createConfSettingsStore(temp.dir), {})
    const stored = JSON.parse(readFileSync(settingsFile(), 'utf8'))
    expect(stored.language).toBe('fr')
    expect(stored.proxy).toMatchObject({ port: 8123, legacy: true })
  })

  it('refuses a settings file that is not JSON, with a clear message, and leaves it as it is', async () => {
    writeFileSync(settingsFile(), '{"proxy": {"port": 80')
    await expect(createConfSettingsStore(temp.dir)).rejects.toThrow(
      /settings\.json cannot be read.*fix or remove it/,
    )
    expect(readFileSync(settingsFile(), 'utf8')).toBe('{"proxy": {"port": 80')
  })

  it('refuses a wrong value, naming the field, and leaves the file as it is', async () => {
    writeFileSync(settingsFile(), JSON.stringify({ proxy: { port: 'eighty' } }))
    const store = await createConfSettingsStore(temp.dir)
    expect(() => createSettingsService(store, {})).toThrow(/proxy\.port/)
    expect(JSON.parse(readFileSync(settingsFile(), 'utf8'))).toEqual({ proxy: { port: 'eighty' } })
  })

  it('refuses "*" among the CORS origins: pages get in one by one or not at all', async () => {
    writeFileSync(settingsFile(), JSON.stringify({ proxy: { cors_origins: ['*'] } }))
    const store = await createConfSettingsStore(temp.dir)
    expect(() => createSettingsService(store, {})).toThrow(/proxy\.cors_origins\.0: an origin is/)
  })

  it('refuses a port in the environment that is not a port', async () => {
    const store = await createConfSettingsStore(temp.dir)
    expect(() => createSettingsService(store, { AGTRAY_PORT: 'http' })).toThrow(/AGTRAY_PORT/)
  })
})
