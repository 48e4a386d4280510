import { existsSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppCore, CoreOptions, OpenCore } from '../../src/core'
import { createCore, lockFileOf } from '../../src/core'
import type { CoreEventName } from '../../src/shared/core-events'
import { coreEventNames } from '../../src/shared/core-events'
import { seedAccounts } from '../helpers/account-files'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { createMemoryLogger } from '../helpers/memory-logger'

let world: FakeGoogleWorld
let opened: OpenCore[] = []

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  const { refreshToken } = world.fake.addUser({ email: 'ana@example.com' })
  seedAccounts(world.temp.dir, [{ email: 'ana@example.com', refreshToken }])
})
afterEach(async () => {
  for (const core of opened) await core.stop()
  opened = []
  await closeFakeGoogleWorld(world)
})

const newCore = (overrides: Partial<CoreOptions['overrides']> = {}): AppCore =>
  createCore({
    dataDir: world.temp.dir,
    env: {
      AGTRAY_OAUTH_CLIENT_ID: world.fake.clientId,
      AGTRAY_OAUTH_CLIENT_SECRET: world.fake.clientSecret,
    },
    logger: createMemoryLogger(),
    proxyEnabledAtStart: true,
    overrides: { host: '127.0.0.1', port: 0, googleBaseUrl: world.fake.url, ...overrides },
  })

const keep = <T extends OpenCore>(core: T): T => {
  opened.push(core)
  return core
}

/** Every event the core announces, by name, from now on. */
function recordEvents(core: AppCore): CoreEventName[] {
  const seen: CoreEventName[] = []
  for (const name of coreEventNames) core.events.on(name, () => seen.push(name))
  return seen
}

describe('the core’s life', () => {
  it('opens its data folder once at a time, and again once stopped', async () => {
    const app = newCore()
    const started = keep(await app.start())
    await expect(app.start()).rejects.toMatchObject({ code: 'internal' })
    await expect(app.open()).rejects.toMatchObject({ code: 'internal' })
    expect((await fetch(`${started.url}/health`)).status).toBe(200)

    await started.stop()
    await started.stop()
    expect(existsSync(lockFileOf(world.temp.dir))).toBe(false)
    await expect(fetch(`${started.url}/health`)).rejects.toThrow()

    const reopened = keep(await app.open())
    expect(reopened.listAccounts().accounts.map((account) => account.email)).toEqual([
      'ana@example.com',
    ])
    // Without a listener the switch stays off, whatever the settings say.
    expect(reopened.proxyStatus().enabled).toBe(false)
  })

  it('gives the data folder back when it cannot listen', async () => {
    const taken = http.createServer()
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve))
    const port = (taken.address() as AddressInfo).port
    try {
      await expect(newCore({ port }).start()).rejects.toMatchObject({
        code: 'port_in_use',
        message: expect.stringContaining(`port ${port} is already in use`),
      })
    } finally {
      taken.close()
    }
    expect(existsSync(lockFileOf(world.temp.dir))).toBe(false)
    const started = keep(await newCore().start())
    expect(started.proxyStatus().pool_size).toBe(1)
  })

  it('announces nothing of its first load, and nothing after it stopped', async () => {
    const app = newCore()
    const seen = recordEvents(app)
    const started = await app.start()
    expect(started.listAccounts().accounts).toHaveLength(1)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(seen).toEqual([])

    const [ana] = started.listAccounts().accounts
    await started.setAccountProxyDisabled(ana!.id, true, 'resting')
    await new Promise((resolve) => setTimeout(resolve, 20))
    // The proxy status follows pool changes at most once a second: this one is still waiting.
    await started.setAccountProxyDisabled(ana!.id, false)
    await started.stop()
    const atStop = [...seen]
    expect(atStop).toContain('accounts-changed')
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect(seen).toEqual(atStop)
  })
})
