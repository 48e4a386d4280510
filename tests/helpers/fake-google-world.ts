import type { FakeGoogle } from '../fakes/google'
import { startFakeGoogle } from '../fakes/google'
import type { CoreOptions } from '../../src/core'
import { seedAccounts } from './account-files'
import { makeTempDir } from './temp-dir'
import type { TestServer } from './test-server'
import { startTestServer } from './test-server'

/** What most integration tests start from: a fake Google and an empty data folder. */
export interface FakeGoogleWorld {
  fake: FakeGoogle
  temp: ReturnType<typeof makeTempDir>
}

export async function openFakeGoogleWorld(): Promise<FakeGoogleWorld> {
  return { fake: await startFakeGoogle(), temp: makeTempDir() }
}

/** Stops the test's server (if it started one), the fake, and removes the folder. */
export async function closeFakeGoogleWorld(
  world: FakeGoogleWorld & { server?: TestServer | null },
): Promise<void> {
  await world.server?.stop()
  await world.fake?.close()
  world.temp?.cleanup()
}

/**
 * Accounts `<name>@example.com` the fake knows (project `proj-<name>`), written into the data
 * folder. Their files hold no project unless `projects` names one per account, so the pool
 * looks it up first, as it does for an account added by hand.
 */
export function seedFakeUsers(
  world: FakeGoogleWorld,
  names: readonly string[],
  projects: readonly (string | null)[] = [],
): { users: { email: string; refreshToken: string }[]; ids: string[] } {
  const users = names.map((name) => {
    const email = `${name}@example.com`
    return { email, ...world.fake.addUser({ email, projectId: `proj-${name}` }) }
  })
  const ids = seedAccounts(
    world.temp.dir,
    users.map((user, n) => ({
      email: user.email,
      refreshToken: user.refreshToken,
      projectId: projects[n] ?? null,
    })),
  )
  return { users, ids }
}

/** A server with one account, ana@example.com (project proj-ana), as the SDK tests use. */
export async function startServerWithAna(
  world: FakeGoogleWorld,
  core: Partial<CoreOptions> = {},
): Promise<TestServer> {
  const { refreshToken } = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
  seedAccounts(world.temp.dir, [{ email: 'ana@example.com', refreshToken, projectId: 'proj-ana' }])
  return startTestServer({ fake: world.fake, dataDir: world.temp.dir, core })
}

/** An access token the fake really issued for a refresh token, as an earlier run would hold. */
export async function issuedAccessToken(fake: FakeGoogle, refreshToken: string): Promise<string> {
  const response = await fetch(`${fake.url}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
    }),
  })
  return ((await response.json()) as { access_token: string }).access_token
}
