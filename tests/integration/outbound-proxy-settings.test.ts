import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { runCliInProcess as runCli } from '../helpers/cli-in-process'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'
import { startSocksProxy } from '../helpers/outbound-proxies'
import { cliEnvFor } from '../helpers/cli'

/** How a user sets outbound proxies: the settings, an account's own, the CLI; never seeing a password. */
let world: FakeGoogleWorld & { server?: TestServer | null }

beforeEach(async () => {
  world = await openFakeGoogleWorld()
})
afterEach(async () => {
  await closeFakeGoogleWorld(world)
})

const seedAna = (): string => {
  const { refreshToken } = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
  return seedAccounts(world.temp.dir, [
    { email: 'ana@example.com', refreshToken, projectId: 'proj-ana' },
  ])[0]!
}

describe('setting outbound proxies', () => {
  it('keeps the global proxy in settings.json and shows it masked; the masked form sent back keeps it', async () => {
    const server = (world.server = await startTestServer({
      fake: world.fake,
      dataDir: world.temp.dir,
    }))
    const url = 'socks5h://sam:s3cret-pass@proxy.example:1080'
    const set = await server.admin('PATCH', '/api/settings', { outbound_proxy: url })
    expect(set.status).toBe(200)
    expect(set.body.outbound_proxy).toBe('socks5h://sam:***@proxy.example:1080')
    const file = (): { network?: { outbound_proxy?: string } } =>
      JSON.parse(readFileSync(path.join(world.temp.dir, 'settings.json'), 'utf8'))
    expect(file().network?.outbound_proxy).toBe(url)

    // The Settings page saves what it shows: the stored password stays.
    const again = await server.admin('PATCH', '/api/settings', {
      outbound_proxy: 'socks5h://sam:***@proxy.example:1080',
    })
    expect(again.status).toBe(200)
    expect(file().network?.outbound_proxy).toBe(url)

    const bad = await server.admin('PATCH', '/api/settings', { outbound_proxy: 'ftp://proxy:21' })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_input')
    expect(bad.body.error.message).toContain('socks5://')
    expect(file().network?.outbound_proxy).toBe(url)

    const cleared = await server.admin('PATCH', '/api/settings', { outbound_proxy: null })
    expect(cleared.body.outbound_proxy).toBeNull()
    expect(file().network?.outbound_proxy).toBe('')
    expect(JSON.stringify(server.logger.lines)).not.toContain('s3cret-pass')
  })

  it('sets and clears an account’s own proxy over the admin API; the file keeps it, the DTO masks it', async () => {
    const id = seedAna()
    const server = (world.server = await startTestServer({
      fake: world.fake,
      dataDir: world.temp.dir,
    }))
    const url = 'http://agt:acc-secret-pw@10.0.0.2:3128'
    const set = await server.admin('POST', `/api/accounts/${id}/outbound-proxy`, { proxy_url: url })
    expect(set.status).toBe(200)
    expect(set.body.outbound_proxy).toBe('http://agt:***@10.0.0.2:3128')
    expect(readAccountFile(world.temp.dir, id).proxy_url).toBe(url)
    const list = await server.admin('GET', '/api/accounts')
    expect(JSON.stringify(list.body)).not.toContain('acc-secret-pw')

    const bad = await server.admin('POST', `/api/accounts/${id}/outbound-proxy`, {
      proxy_url: 'proxy:3128',
    })
    expect(bad.status).toBe(400)
    expect(bad.body.error.code).toBe('invalid_input')
    expect(readAccountFile(world.temp.dir, id).proxy_url).toBe(url)

    const cleared = await server.admin('POST', `/api/accounts/${id}/outbound-proxy`, {
      proxy_url: null,
    })
    expect(cleared.body.outbound_proxy).toBeNull()
    expect(readAccountFile(world.temp.dir, id)).not.toHaveProperty('proxy_url')
    expect(JSON.stringify(server.logger.lines)).not.toContain('acc-secret-pw')
  })

  it('`agtray accounts outbound-proxy` sets and clears it on the files, and the account then uses it', async () => {
    const id = seedAna()
    const socks = await startSocksProxy({ user: 'sam', password: 'cli-secret-pw' })
    try {
      const env = cliEnvFor(world.fake, world.temp.dir)
      const set = await runCli(['accounts', 'outbound-proxy', id, socks.url], env)
      expect(set.code, set.stderr).toBe(0)
      expect(set.stdout).toContain(`ana@example.com goes to Google through socks5://sam:***@`)
      expect(set.stdout + set.stderr).not.toContain('cli-secret-pw')
      expect(readAccountFile(world.temp.dir, id).proxy_url).toBe(socks.url)

      const server = (world.server = await startTestServer({
        fake: world.fake,
        dataDir: world.temp.dir,
      }))
      expect((await server.generate()).status).toBe(200)
      expect(socks.tunnels()).toBeGreaterThan(0)
      expect(world.fake.acceptedConnections()).toBe(socks.tunnels())
      await server.stop()
      world.server = null

      const neither = await runCli(['accounts', 'outbound-proxy', id], env)
      expect(neither.code).not.toBe(0)
      expect(neither.stderr).toContain('--clear')
      const cleared = await runCli(['accounts', 'outbound-proxy', id, '--clear'], env)
      expect(cleared.stdout).toContain('ana@example.com uses the global outbound proxy')
      expect(readAccountFile(world.temp.dir, id)).not.toHaveProperty('proxy_url')
    } finally {
      await socks.close()
    }
  })
})
