import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

/**
 * Signing in for a server the browser cannot reach back (agtray on a remote machine): the web
 * console's sign-in, finished by pasting the address the browser ended on, or the code alone.
 */
let world: FakeGoogleWorld
let server: TestServer

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  world.fake.setConsentMode('auto')
  server = await startTestServer({ fake: world.fake, dataDir: world.temp.dir })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

/** Starts a sign-in as the web console does, and where Google then sends the browser. */
async function signInElsewhere(email: string): Promise<{ flowId: string; landing: URL }> {
  world.fake.addUser({ email })
  world.fake.setConsentUser(email)
  const started = await server.admin('POST', '/api/oauth/start', {})
  expect(started.status).toBe(200)
  const consent = await fetch(started.body.auth_url, { redirect: 'manual' })
  expect(consent.status).toBe(302)
  return { flowId: started.body.flow_id, landing: new URL(consent.headers.get('location')!) }
}

const paste = (flowId: string, pasted: string) =>
  server.admin('POST', `/api/oauth/${flowId}/complete`, { pasted })

const codeExchanges = () =>
  world.fake.callsTo('token').filter((call) => call.grantType === 'authorization_code')

const emails = () => server.core.listAccounts().accounts.map((account) => account.email)

describe('finishing a sign-in by pasting the address the browser ended on', () => {
  it('a pasted address of another sign-in (wrong state) changes nothing; the right one adds the account; pasting it again changes nothing', async () => {
    const { flowId, landing } = await signInElsewhere('far@example.com')

    const forged = new URL(landing)
    forged.searchParams.set('state', 'not-the-state')
    const refused = await paste(flowId, forged.href)
    expect(refused.status).toBe(400)
    expect(refused.body.error.code).toBe('invalid_input')
    expect(refused.body.error.message).toContain('state does not match')
    expect(codeExchanges()).toHaveLength(0)
    // Still waiting for the real answer.
    expect((await server.admin('GET', `/api/oauth/${flowId}`)).status).toBe(200)

    const garbage = await paste(flowId, 'hello there')
    expect(garbage.status).toBe(400)
    expect(garbage.body.error.message).toContain('code=')

    const done = await paste(flowId, `  ${landing.href}\n`)
    expect(done.status, JSON.stringify(done.body)).toBe(200)
    expect(done.body).toMatchObject({
      flow_id: flowId,
      ok: true,
      created: true,
      account: { email: 'far@example.com' },
    })
    expect(emails()).toEqual(['far@example.com'])
    expect(codeExchanges()).toHaveLength(1)
    expect(JSON.stringify(done.body)).not.toContain(landing.searchParams.get('code')!)

    const reused = await paste(flowId, landing.href)
    expect(reused.status).toBe(404)
    expect(reused.body.error.code).toBe('not_found')
    expect(codeExchanges()).toHaveLength(1)
    expect(emails()).toEqual(['far@example.com'])
  })

  it('the query alone, or the code alone, also finishes it (PKCE ties the code to the sign-in)', async () => {
    const first = await signInElsewhere('ana@example.com')
    const byQuery = await paste(first.flowId, first.landing.search)
    expect(byQuery.status, JSON.stringify(byQuery.body)).toBe(200)

    const second = await signInElsewhere('bob@example.com')
    const byCode = await paste(second.flowId, second.landing.searchParams.get('code')!)
    expect(byCode.status, JSON.stringify(byCode.body)).toBe(200)
    expect(byCode.body.account.email).toBe('bob@example.com')
    expect(emails().sort()).toEqual(['ana@example.com', 'bob@example.com'])
  })

  it('a code of another sign-in pasted alone is refused by Google (PKCE) and adds nothing', async () => {
    const mine = await signInElsewhere('ana@example.com')
    const theirs = await signInElsewhere('eve@example.com')
    const stolen = await paste(mine.flowId, theirs.landing.searchParams.get('code')!)
    expect(stolen.status).toBe(400)
    expect(stolen.body.error.code).toBe('google_refused')
    expect(emails()).toEqual([])
    // The other sign-in is not touched by it: still waiting.
    expect((await server.admin('GET', `/api/oauth/${theirs.flowId}`)).status).toBe(200)
  })
})
