import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { createMemorySettingsStore } from '../helpers/memory-settings-store'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'
import type { TestProxy } from '../helpers/outbound-proxies'
import {
  closedPort,
  hostPortOf,
  startHttpConnectProxy,
  startSocksProxy,
} from '../helpers/outbound-proxies'

let world: FakeGoogleWorld & { server?: TestServer | null }
let proxies: TestProxy[]

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  proxies = []
})
afterEach(async () => {
  await closeFakeGoogleWorld(world)
  for (const proxy of proxies) await proxy.close()
})

const track = (proxy: TestProxy): TestProxy => {
  proxies.push(proxy)
  return proxy
}

/** A server whose settings.json names `outboundProxy` (none when null). */
const startWith = (
  outboundProxy: string | null,
  env: NodeJS.ProcessEnv = {},
  settings: Record<string, unknown> = {},
) =>
  startTestServer({
    fake: world.fake,
    dataDir: world.temp.dir,
    env,
    core: {
      settingsStore: async () =>
        createMemorySettingsStore({
          ...settings,
          ...(outboundProxy ? { network: { outbound_proxy: outboundProxy } } : {}),
        }),
    },
  })

const future = (): number => Math.floor(Date.now() / 1000) + 3600

describe('outbound proxies', () => {
  it('sends every call to Google of an account through the global HTTP proxy, on kept-alive tunnels', async () => {
    const proxy = track(await startHttpConnectProxy({ user: 'agt', password: 'pr0xy-secret-pw' }))
    const { refreshToken } = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    // An expired token and no project: the first request refreshes, looks the project up, generates.
    seedAccounts(world.temp.dir, [{ email: 'ana@example.com', refreshToken, projectId: null }])
    const server = (world.server = await startWith(proxy.url))
    const fakeBefore = world.fake.acceptedConnections()

    for (let n = 0; n < 10; n++) {
      const response = await server.generate({ stream: n % 2 === 0 })
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('Hello from')
    }
    // Adding an account: token check, userinfo and loadCodeAssist, through the proxy too.
    const bo = world.fake.addUser({ email: 'bo@example.com', projectId: 'proj-bo' })
    const added = await server.admin('POST', '/api/accounts', { refresh_token: bo.refreshToken })
    expect(added.status).toBe(201)
    expect(added.body.account.email).toBe('bo@example.com')

    expect(world.fake.refreshCalls(refreshToken)).toBe(1)
    expect(world.fake.callsTo('loadCodeAssist')).toHaveLength(2)
    expect(world.fake.callsTo('userinfo')).toHaveLength(1)
    const fake = hostPortOf(world.fake.url)
    const fakeConnections = world.fake.acceptedConnections() - fakeBefore
    // Every connection the fake accepted was a tunnel of the proxy: none bypassed it.
    expect(proxy.tunnelsTo(fake)).toBe(fakeConnections)
    expect(proxy.forwarded()).toBe(0)
    // 10 generates + 2 refreshes + userinfo + 2 loadCodeAssist = 15 calls on a handful of
    // tunnels: the keep-alive pool holds through the proxy (without it: 15).
    expect(fakeConnections).toBeGreaterThan(0)
    expect(fakeConnections).toBeLessThanOrEqual(3)
    // The password never shows: not in the settings the app sees, not in the log.
    const settings = await server.admin('GET', '/api/settings')
    expect(settings.body.outbound_proxy).toBe(`http://agt:***@${hostPortOf(proxy.url)}`)
    expect(JSON.stringify(server.logger.lines)).not.toContain('pr0xy-secret-pw')
  })

  it('sends an account with its own SOCKS5 proxy through it, and the others through the global one', async () => {
    const global = track(await startHttpConnectProxy())
    const socks = track(await startSocksProxy({ user: 'sam', password: 'socks-secret-pw' }))
    const ana = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const bo = world.fake.addUser({ email: 'bo@example.com', projectId: 'proj-bo' })
    seedAccounts(world.temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken: ana.refreshToken,
        projectId: null,
        extra: { proxy_url: socks.url, quota: { subscription_tier: 'Google AI Pro' } },
      },
      // The same tier as Ana's, which her project lookup records again: they rank alike.
      {
        email: 'bo@example.com',
        refreshToken: bo.refreshToken,
        projectId: 'proj-bo',
        extra: { quota: { subscription_tier: 'Google AI Pro' } },
      },
    ])
    // Both accounts serve in turn (no conversation affinity), so both proxies carry requests.
    const server = (world.server = await startWith(
      global.url,
      {},
      {
        scheduling: { mode: 'performance' },
      },
    ))
    const fake = hostPortOf(world.fake.url)

    const served = new Map<string, number>()
    for (let n = 0; n < 6; n++) {
      const response = await server.generate()
      expect(response.status).toBe(200)
      const text = await response.text()
      const who = text.includes('ana@example.com') ? 'ana' : 'bo'
      served.set(who, (served.get(who) ?? 0) + 1)
    }
    expect(served.get('ana')).toBeGreaterThan(0)
    expect(served.get('bo')).toBeGreaterThan(0)
    // Ana's refresh, project lookup and generates went through SOCKS; Bo's through the global proxy.
    expect(socks.tunnelsTo(fake)).toBeGreaterThan(0)
    expect(global.tunnelsTo(fake)).toBeGreaterThan(0)
    // Ana's refresh, project lookup and generates share kept-alive SOCKS tunnels too.
    expect(socks.tunnelsTo(fake)).toBeLessThanOrEqual(2)
    expect(world.fake.acceptedConnections()).toBe(socks.tunnelsTo(fake) + global.tunnelsTo(fake))
    expect(world.fake.callsTo('generateContent')).toHaveLength(6)
    // With Bo out of the pool only Ana serves: the global proxy sees nothing more.
    const globalBefore = global.tunnels()
    const listed = await server.admin('GET', '/api/accounts')
    const boId = listed.body.accounts.find(
      (a: { email: string }) => a.email === 'bo@example.com',
    ).id
    await server.admin('POST', `/api/accounts/${boId}/proxy-disabled`, {
      proxy_disabled: true,
      reason: null,
    })
    for (let n = 0; n < 3; n++) expect((await server.generate()).status).toBe(200)
    expect(global.tunnels()).toBe(globalBefore)
    expect(JSON.stringify(server.logger.lines)).not.toContain('socks-secret-pw')
  })

  it('answers a clear 502 naming an unreachable proxy, without its password, and leaves the account enabled', async () => {
    const port = await closedPort()
    const ana = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const [id] = seedAccounts(world.temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken: ana.refreshToken,
        accessToken: 'ya29.still-valid',
        expiryTimestamp: future(),
        projectId: 'proj-ana',
        extra: { proxy_url: `http://agt:down-secret-pw@127.0.0.1:${port}` },
      },
    ])
    const server = (world.server = await startWith(null))
    const response = await server.generate()
    expect(response.status).toBe(502)
    const text = await response.text()
    expect(text).toContain(`http://agt:***@127.0.0.1:${port}`)
    expect(text).toContain('refused the connection')
    expect(text).not.toContain('down-secret-pw')
    expect(world.fake.calls).toHaveLength(0)
    // Not the account's fault: it stays enabled and in the pool.
    expect(readAccountFile(world.temp.dir, id!).disabled).toBe(false)
    const list = await server.admin('GET', '/api/accounts')
    expect(list.body.accounts[0].pool_status).toBe('in-pool')
    expect(JSON.stringify(server.logger.lines)).not.toContain('down-secret-pw')
  })

  it('names the proxy when a token refresh through it fails, and neither disables nor rests the account', async () => {
    const port = await closedPort()
    const ana = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const [id] = seedAccounts(world.temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken: ana.refreshToken,
        projectId: 'proj-ana',
        extra: { proxy_url: `socks5://127.0.0.1:${port}` },
      },
    ])
    const server = (world.server = await startWith(null))
    const response = await server.generate()
    const text = await response.text()
    expect(response.status).toBeGreaterThanOrEqual(500)
    expect(text).toContain(`socks5://127.0.0.1:${port}`)
    expect(world.fake.calls).toHaveLength(0)
    expect(readAccountFile(world.temp.dir, id!).disabled).toBe(false)
    const list = await server.admin('GET', '/api/accounts')
    expect(list.body.accounts[0].pool_status).toBe('in-pool')
  })

  it('says the proxy refused the credentials: HTTP 407 and a SOCKS5 authentication failure', async () => {
    const http = track(await startHttpConnectProxy({ user: 'agt', password: 'right' }))
    const socks = track(await startSocksProxy({ user: 'sam', password: 'right' }))
    const wrongHttp = http.url.replace('agt:right@', 'agt:wrong-http-pw@')
    const wrongSocks = socks.url.replace('sam:right@', 'sam:wrong-socks-pw@')
    const ana = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const bo = world.fake.addUser({ email: 'bo@example.com', projectId: 'proj-bo' })
    const fresh = { accessToken: 'ya29.still-valid', expiryTimestamp: future() }
    seedAccounts(world.temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken: ana.refreshToken,
        projectId: 'proj-ana',
        ...fresh,
        extra: { proxy_url: wrongHttp },
      },
    ])
    const server = (world.server = await startWith(wrongSocks))
    const viaHttp = await server.generate()
    expect(viaHttp.status).toBe(502)
    const httpText = await viaHttp.text()
    expect(httpText).toContain('refused the credentials (407')
    expect(httpText).toContain(`http://agt:***@${hostPortOf(http.url)}`)
    expect(httpText).not.toContain('wrong-http-pw')

    // Bo has no proxy of his own: the global SOCKS one, whose password is wrong.
    const added = await server.admin('POST', '/api/accounts', { refresh_token: bo.refreshToken })
    expect(added.status).toBe(502)
    expect(added.body.error.code).toBe('outbound_proxy_failed')
    expect(added.body.error.message).toContain(`socks5://sam:***@${hostPortOf(socks.url)}`)
    expect(added.body.error.message).not.toContain('wrong-socks-pw')
    expect(world.fake.calls).toHaveLength(0)
  })

  it('refuses a hand-edited proxy it cannot use, naming it without its password', async () => {
    const ana = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
    const bo = world.fake.addUser({ email: 'bo@example.com', projectId: 'proj-bo' })
    seedAccounts(world.temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken: ana.refreshToken,
        accessToken: 'ya29.still-valid',
        expiryTimestamp: future(),
        projectId: 'proj-ana',
        extra: { proxy_url: 'socks4://sam:hand-typed-pw@10.0.0.1:1080' },
      },
      // Its token must be refreshed first: through gaxios, the same check.
      {
        email: 'bo@example.com',
        refreshToken: bo.refreshToken,
        projectId: 'proj-bo',
        extra: { proxy_url: 'not a url at all' },
      },
    ])
    const server = (world.server = await startWith(null))
    const texts: string[] = []
    for (let n = 0; n < 2; n++) {
      const response = await server.generate()
      expect(response.status).toBeGreaterThanOrEqual(500)
      texts.push(await response.text())
    }
    const all = texts.join('\n')
    expect(all).toContain('socks4://sam:***@10.0.0.1:1080 cannot be used')
    expect(all).not.toContain('hand-typed-pw')
    expect(world.fake.calls).toHaveLength(0)
    const list = await server.admin('GET', '/api/accounts')
    expect(list.body.accounts.map((a: { disabled: boolean }) => a.disabled)).toEqual([false, false])
  })

  it('names the proxy when it answers nothing in time, and when it cannot reach Google', async () => {
    // One proxy that accepts and stays silent, one that answers every CONNECT with 502.
    const sockets = new Set<net.Socket>()
    const listen = async (onSocket: (socket: net.Socket) => void): Promise<net.Server> => {
      const server = net.createServer((socket) => {
        sockets.add(socket)
        onSocket(socket)
      })
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
      return server
    }
    const silent = await listen(() => undefined)
    const failing = await listen((socket) =>
      socket.once('data', () =>
        socket.end('HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n'),
      ),
    )
    const portOf = (server: net.Server): number => (server.address() as AddressInfo).port
    try {
      const fresh = { accessToken: 'ya29.still-valid', expiryTimestamp: future(), projectId: 'p' }
      const ana = world.fake.addUser({ email: 'ana@example.com', projectId: 'p' })
      const [id] = seedAccounts(world.temp.dir, [
        {
          email: 'ana@example.com',
          refreshToken: ana.refreshToken,
          ...fresh,
          extra: { proxy_url: `http://127.0.0.1:${portOf(silent)}` },
        },
      ])
      const server = (world.server = await startTestServer({
        fake: world.fake,
        dataDir: world.temp.dir,
        core: { googleTransport: { timeouts: { connectMs: 300 } } },
      }))
      const quiet = await server.generate()
      expect(quiet.status).toBe(502)
      expect(await quiet.text()).toContain(
        `the outbound proxy http://127.0.0.1:${portOf(silent)} did not open a connection within`,
      )

      await server.admin('POST', `/api/accounts/${id}/outbound-proxy`, {
        proxy_url: `http://127.0.0.1:${portOf(failing)}`,
      })
      const refused = await server.generate()
      expect(refused.status).toBe(502)
      expect(await refused.text()).toContain('refused to open a tunnel to Google (502 Bad Gateway)')
      expect(world.fake.calls).toHaveLength(0)
      expect(readAccountFile(world.temp.dir, id!).disabled).toBe(false)
    } finally {
      for (const socket of sockets) socket.destroy()
      silent.close()
      failing.close()
    }
  })
})
