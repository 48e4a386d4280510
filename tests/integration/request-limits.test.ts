import { connect } from 'node:net'
import type { Socket } from 'node:net'
import { request as httpRequest } from 'node:http'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'

let world: FakeGoogleWorld
let server: TestServer

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  server = await startServerWithAna(world, {
    bodyLimit: '64kb',
    serverTimeouts: { headersTimeout: 400, requestTimeout: 800 },
  })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

const target = () => new URL(server.url)

/** Opens a raw connection and sends `head` (and nothing more, unless told). */
function rawSocket(head: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(Number(target().port), target().hostname, () => {
      socket.write(head)
      resolve(socket)
    })
    socket.on('error', reject)
  })
}

/** Everything the server sends until it closes the connection, and how long that took. */
function untilClosed(socket: Socket): Promise<{ text: string; ms: number }> {
  const started = Date.now()
  let text = ''
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()))
  return new Promise((resolve) =>
    socket.on('close', () => resolve({ text, ms: Date.now() - started })),
  )
}

const requestHead = (path: string, length: number, extra = '') =>
  `POST ${path} HTTP/1.1\r\nHost: ${target().host}\r\ncontent-type: application/json\r\ncontent-length: ${length}\r\n${extra}\r\n`

describe('request bodies', () => {
  it('answers a declared body over the limit at once, without reading it', async () => {
    // 200 MB announced, ten bytes sent: the answer must not wait for the rest.
    const socket = await rawSocket(
      `${requestHead('/v1/chat/completions', 200 * 1024 * 1024)}{"model":`,
    )
    const { text, ms } = await untilClosed(socket)
    expect(text).toMatch(/^HTTP\/1\.1 413/)
    expect(text).toContain('"type":"invalid_request_error"')
    expect(text).toContain('larger than 64kb')
    expect(ms).toBeLessThan(2_000)
  })

  it('reads no more than a token for a sign-in that has not happened yet', async () => {
    const socket = await rawSocket(
      `${requestHead('/api/session', 10 * 1024 * 1024)}{"admin_token":"`,
    )
    const { text } = await untilClosed(socket)
    expect(text).toMatch(/^HTTP\/1\.1 413/)
    expect(text).toContain('"code":"too_large"')
  })

  it('serves a chunked body, and Google never sees the client’s framing', async () => {
    const body = JSON.stringify({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'hi' }],
    })
    const answer = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = httpRequest(
        `${server.url}/v1/chat/completions`,
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (res) => {
          let text = ''
          res.on('data', (chunk: Buffer) => (text += chunk.toString()))
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text }))
        },
      )
      req.on('error', reject)
      req.write(body.slice(0, 20))
      req.end(body.slice(20))
    })
    expect(answer.status).toBe(200)
    expect(answer.text).toContain('Hello from gemini-2.5-flash')
    const sent = world.fake.callsTo('streamGenerateContent').at(-1)?.headers ?? {}
    expect(sent['transfer-encoding']).toBeUndefined()
    expect(sent['content-type']).toBe('application/json')
  })
})

describe('slow clients', () => {
  it('are let go when their headers do not arrive in time', async () => {
    const socket = await rawSocket(
      `POST /v1/chat/completions HTTP/1.1\r\nHost: ${target().host}\r\n`,
    )
    const { text, ms } = await untilClosed(socket)
    expect(text).toMatch(/^HTTP\/1\.1 408/)
    expect(ms).toBeLessThan(3_000)
  })

  it('are let go when their body does not arrive in time', async () => {
    const socket = await rawSocket(`${requestHead('/v1/chat/completions', 1000)}{"model":`)
    const { ms } = await untilClosed(socket)
    expect(ms).toBeLessThan(4_000)
    // The server itself is fine.
    expect((await server.generate()).status).toBe(200)
  })
})
