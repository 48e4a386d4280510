import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedAccounts } from '../helpers/account-files'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

let world: FakeGoogleWorld
let server: TestServer | null = null

beforeEach(async () => {
  world = await openFakeGoogleWorld()
})
afterEach(async () => {
  await closeFakeGoogleWorld({ ...world, server })
  server = null
})

const modeOf = (file: string): number => statSync(file).mode & 0o777

describe.skipIf(process.platform === 'win32')('the data folder’s files at start', () => {
  it('are made readable by the user only when another tool left them open', async () => {
    const dir = world.temp.dir
    const { refreshToken } = world.fake.addUser({ email: 'ana@example.com' })
    const [id] = seedAccounts(dir, [{ email: 'ana@example.com', refreshToken }])
    writeFileSync(path.join(dir, 'settings.json'), '{}')
    mkdirSync(path.join(dir, 'logs'))
    writeFileSync(path.join(dir, 'logs', 'agtray.log'), '')
    const loose = [
      [dir, 0o755],
      [path.join(dir, 'accounts'), 0o755],
      [path.join(dir, 'accounts', `${id}.json`), 0o644],
      [path.join(dir, 'accounts.json'), 0o644],
      [path.join(dir, 'settings.json'), 0o664],
      [path.join(dir, 'logs'), 0o755],
      [path.join(dir, 'logs', 'agtray.log'), 0o644],
    ] as const
    for (const [file, mode] of loose) chmodSync(file, mode)

    server = await startTestServer({ fake: world.fake, dataDir: dir })

    for (const [file] of loose)
      expect(modeOf(file), file).toBe(statSync(file).isDirectory() ? 0o700 : 0o600)
    expect(server.logger.messages().join('\n')).toContain('readable by you only')
    // Still the user's own files: the account serves.
    expect((await server.generate()).status).toBe(200)
  })

  it('loses the temporary files a killed settings or lock write left', async () => {
    const dir = world.temp.dir
    const leftovers = ['settings.json.tmp-1796080000a1b2c3', 'agtray.lock.0123456789ab.tmp']
    for (const name of leftovers) writeFileSync(path.join(dir, name), '{"half":')
    // Names that only look alike stay.
    writeFileSync(path.join(dir, 'settings.json.tmp-notes'), 'mine')

    server = await startTestServer({ fake: world.fake, dataDir: dir })

    for (const name of leftovers) expect(existsSync(path.join(dir, name)), name).toBe(false)
    expect(readdirSync(dir)).toContain('settings.json.tmp-notes')
    expect(server.logger.messages().join('\n')).toContain('left by an interrupted write')
  })
})
