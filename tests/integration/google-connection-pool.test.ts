import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import http from 'node:http'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import { seedAccounts } from '../helpers/account-files'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

let world: FakeGoogleWorld & { server?: TestServer | null }

beforeEach(async () => {
  world = await openFakeGoogleWorld()
})
afterEach(async () => {
  await closeFakeGoogleWorld(world)
})

const openAiChat = (server: TestServer, stream: boolean): Promise<Response> =>
  fetch(`${server.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
    body: JSON.stringify({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Say hello' }],
      stream,
    }),
  })

/** A Gemini request from a client that asks for its connection to be closed afterwards. */
function postClosing(url: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', connection: 'close' },
    })
    request.on('error', reject)
    request.on('response', (response) => {
      response.resume()
      response.on('end', () => resolve(response.statusCode ?? 0))
    })
    request.end(JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }] }))
  })
}

describe('connections to Google', () => {
  it('serves 100 sequential requests, streamed and not, of two protocols, over a handful of connections', async () => {
    const server = (world.server = await startServerWithAna(world))
    const before = world.fake.acceptedConnections()
    for (let n = 0; n < 25; n++) {
      for (const response of [
        await server.generate({ stream: false }),
        await server.generate({ stream: true }),
        await openAiChat(server, false),
        await openAiChat(server, true),
      ]) {
        expect(response.status).toBe(200)
        expect(await response.text()).toContain('example.com')
      }
    }
    // The token refresh of the first request included. Without a keep-alive pool: 101.
    expect(world.fake.callsTo('generateContent')).toHaveLength(25)
    expect(world.fake.callsTo('streamGenerateContent')).toHaveLength(75)
    expect(world.fake.acceptedConnections() - before).toBeLessThanOrEqual(4)
  })

  it('refreshes the token, finds the project and generates on one connection for a fresh account', async () => {
    const { refreshToken } = world.fake.addUser({ email: 'bo@example.com', projectId: 'proj-bo' })
    // No project id and an expired access token: the first request needs all three calls.
    seedAccounts(world.temp.dir, [{ email: 'bo@example.com', refreshToken, projectId: null }])
    const server = (world.server = await startTestServer({
      fake: world.fake,
      dataDir: world.temp.dir,
    }))
    const before = world.fake.acceptedConnections()
    const response = await server.generate()
    expect(response.status).toBe(200)
    expect(world.fake.calls.map((call) => call.endpoint)).toEqual([
      'token',
      'loadCodeAssist',
      'generateContent',
    ])
    // OAuth (google-auth-library), the Cloud Code client and the proxy share one pool.
    expect(world.fake.acceptedConnections() - before).toBe(1)
  })

  it("keeps Google's connection open for a client that closes its own after each request", async () => {
    const server = (world.server = await startServerWithAna(world))
    expect((await server.generate()).status).toBe(200)
    const before = world.fake.acceptedConnections()
    for (let n = 0; n < 10; n++) {
      expect(
        await postClosing(`${server.url}/v1beta/models/gemini-2.5-flash:generateContent`),
      ).toBe(200)
    }
    // `Connection: close` is hop-by-hop: it is for agtray, not for Google.
    expect(world.fake.acceptedConnections() - before).toBe(0)
  })

  it('sends a request again on a new connection when Google closed the pooled one', async () => {
    const server = (world.server = await startServerWithAna(world))
    expect((await server.generate()).status).toBe(200)
    const before = world.fake.acceptedConnections()
    world.fake.cutNextReusedConnection()
    for (const stream of [false, true]) {
      const response = await server.generate({ stream })
      expect(response.status).toBe(200)
      expect(await response.text()).toContain('example.com')
    }
    expect(world.fake.acceptedConnections() - before).toBe(1)
  })
})
