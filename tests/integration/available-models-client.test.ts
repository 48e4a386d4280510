import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { createClientIdentity } from '../../src/core/google/client-identity'
import { createAvailableModelsClient } from '../../src/core/google/available-models-client'
import { googleEndpointsFor } from '../../src/core/google/google-endpoints'
import { createGoogleTransport } from '../../src/core/google/google-transport'

/** The client against a socket that answers what Google answered (tests/fixtures). */
const fixture = (name: string): string =>
  readFileSync(path.join(__dirname, '../fixtures', name), 'utf8')

let server: http.Server | null = null
const transport = createGoogleTransport()
const closeServer = (): Promise<void> =>
  new Promise<void>((resolve) => {
    if (!server) return resolve()
    server.close(() => resolve())
    // The client keeps its connections alive; they would hold close() open.
    server.closeAllConnections()
  })
afterEach(async () => {
  await closeServer()
  server = null
})
afterAll(() => transport.close())

async function googleAnswering(status: number, body: string) {
  const seen: { url?: string; headers?: http.IncomingHttpHeaders; body?: string } = {}
  server = http.createServer((req, res) => {
    let text = ''
    req.on('data', (chunk: Buffer) => (text += chunk.toString()))
    req.on('end', () => {
      Object.assign(seen, { url: req.url, headers: req.headers, body: text })
      res.writeHead(status, { 'content-type': 'application/json' }).end(body)
    })
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const client = createAvailableModelsClient(
    googleEndpointsFor(`http://127.0.0.1:${port}`),
    transport,
    createClientIdentity({ version: () => ({ version: null, source: 'settings' }) }),
  )
  return { client, seen }
}

describe('the fetchAvailableModels client', () => {
  it('sends the captured request and reads the captured answer', async () => {
    const { client, seen } = await googleAnswering(
      200,
      fixture('fetchAvailableModels.response.json'),
    )
    const answer = await client.fetch('ya29.token', 'example-project-12345')
    const captured = JSON.parse(fixture('fetchAvailableModels.request.json')) as {
      body: unknown
    }
    expect(seen.url).toBe('/v1internal:fetchAvailableModels')
    expect(JSON.parse(seen.body ?? '')).toEqual(captured.body)
    expect(seen.headers).toMatchObject({
      authorization: 'Bearer ya29.token',
      'content-type': 'application/json',
      'user-agent': expect.stringMatching(/^Antigravity\/4\.3\.0 /),
    })
    expect(answer.kind).toBe('quota')
    if (answer.kind === 'quota') expect(answer.models).toHaveLength(5)
  })

  it('calls the real 403 (verification required) forbidden, with Google’s message', async () => {
    const { client } = await googleAnswering(403, fixture('error-403-validation-required.json'))
    expect(await client.fetch('ya29.token', 'p')).toEqual({
      kind: 'forbidden',
      message: 'Verify your account to continue.',
      // Whole, for the caller to tell a verification request (and its link) from a ban.
      body: expect.stringContaining('VALIDATION_REQUIRED'),
    })
  })

  it('tells a refused token (401) from a failure that teaches nothing (5xx, not JSON)', async () => {
    const unauthorized = await googleAnswering(401, fixture('error-401-unauthenticated.json'))
    expect((await unauthorized.client.fetch('t', 'p')).kind).toBe('unauthorized')
    await closeServer()
    const unavailable = await googleAnswering(503, '{"error":{"code":503,"message":"busy"}}')
    expect(await unavailable.client.fetch('t', 'p')).toEqual({
      kind: 'failed',
      message: 'Google answered 503: busy',
      status: 503,
    })
    await closeServer()
    const html = await googleAnswering(200, '<html>gateway</html>')
    expect((await html.client.fetch('t', 'p')).kind).toBe('failed')
  })
})
