import { afterEach, describe, expect, it } from 'vitest'
import http from 'node:http'
import type { AddressInfo, Server, Socket } from 'node:net'
import net from 'node:net'
import { sendGoogleRequest } from '../../src/core/google/google-request'
import { GoogleTimeoutError } from '../../src/core/google/google-timeout-error'
import type { GoogleTransport } from '../../src/core/google/google-transport'
import { createGoogleTransport } from '../../src/core/google/google-transport'

/** A loopback server with its accepted connections counted. */
async function listenCounting(server: Server): Promise<{ url: string; connections(): number }> {
  let connections = 0
  server.on('connection', (socket: Socket) => {
    connections++
    sockets.add(socket)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: `http://127.0.0.1:${port}`, connections: () => connections }
}

const servers: Server[] = []
const sockets = new Set<Socket>()
let transport: GoogleTransport

const start = (handler: http.RequestListener): Server => {
  const server = http.createServer(handler)
  servers.push(server)
  return server
}

afterEach(async () => {
  transport?.close()
  for (const socket of sockets) socket.destroy()
  sockets.clear()
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
})

const post = (url: string, kind: 'stream' | 'generate' | 'quick' = 'quick') =>
  sendGoogleRequest(transport, {
    url,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{}',
    kind,
  })

describe('the Google transport', () => {
  it('sends sequential calls over one kept-alive connection', async () => {
    transport = createGoogleTransport()
    const server = await listenCounting(start((_req, res) => res.end('{"ok":true}')))
    for (let n = 0; n < 20; n++) {
      expect(await post(`${server.url}/v1internal:loadCodeAssist`)).toEqual({
        status: 200,
        text: '{"ok":true}',
      })
    }
    expect(server.connections()).toBe(1)
  })

  it('leaves a finished call and its pooled connection alone once its time is up', async () => {
    transport = createGoogleTransport({ timeouts: { quickMs: 200 } })
    const server = await listenCounting(start((_req, res) => res.end('{"ok":true}')))
    expect((await post(server.url)).status).toBe(200)
    await new Promise((resolve) => setTimeout(resolve, 400))
    expect((await post(server.url)).status).toBe(200)
    expect(server.connections()).toBe(1)
  })

  it('gives up on a connection whose TLS handshake never completes, at the connect timeout', async () => {
    transport = createGoogleTransport({ timeouts: { connectMs: 300, quickMs: 20_000 } })
    // Accepts TCP and then says nothing: the TLS handshake hangs.
    const silent = net.createServer((socket: Socket) => socket.on('error', () => undefined))
    servers.push(silent)
    const server = await listenCounting(silent)
    const startedAt = Date.now()
    const error = await post(server.url.replace('http:', 'https:')).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GoogleTimeoutError)
    expect((error as GoogleTimeoutError).phase).toBe('connect')
    expect((error as Error).message).toMatch(/could not connect to 127\.0\.0\.1:\d+ within 1s/)
    expect(Date.now() - startedAt).toBeLessThan(5_000)
  })

  it('ends a quick call that gets no answer at the quick timeout', async () => {
    transport = createGoogleTransport({ timeouts: { quickMs: 300 } })
    const server = await listenCounting(start(() => undefined))
    const startedAt = Date.now()
    const error = await post(server.url).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GoogleTimeoutError)
    expect((error as GoogleTimeoutError).phase).toBe('response')
    expect(Date.now() - startedAt).toBeLessThan(5_000)
  })

  it('ends an answer that stops arriving at the idle timeout, not at the response timeout', async () => {
    transport = createGoogleTransport({ timeouts: { streamResponseMs: 60_000, idleMs: 300 } })
    const server = await listenCounting(
      start((_req, res) => {
        res.writeHead(200, { 'content-type': 'text/event-stream' })
        res.write('data: {"first":true}\n\n')
      }),
    )
    const startedAt = Date.now()
    const error = await post(server.url, 'stream').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(GoogleTimeoutError)
    expect((error as GoogleTimeoutError).phase).toBe('idle')
    expect(Date.now() - startedAt).toBeLessThan(5_000)
  })

  it('waits for a slow generate answer longer than a quick call would', async () => {
    transport = createGoogleTransport({
      timeouts: { quickMs: 200, generateResponseMs: 5_000 },
      // Closes idle pooled sockets only: a call waiting for its answer is not idle in the pool.
      freeSocketIdleMs: 100,
    })
    const server = await listenCounting(
      start((_req, res) => void setTimeout(() => res.end('{"late":true}'), 600)),
    )
    expect(await post(server.url, 'generate')).toEqual({ status: 200, text: '{"late":true}' })
    await expect(post(server.url, 'quick')).rejects.toBeInstanceOf(GoogleTimeoutError)
  })

  it('sends a call again on a new connection when the pooled one was closed by the server', async () => {
    transport = createGoogleTransport()
    const served = new WeakMap<Socket, number>()
    let cut = 0
    const server = await listenCounting(
      start((req, res) => {
        const count = served.get(req.socket) ?? 0
        served.set(req.socket, count + 1)
        // The second request on the first connection: the server had closed it while idle.
        if (count === 1 && cut === 0) {
          cut++
          req.socket.destroy()
          return
        }
        res.end('{"ok":true}')
      }),
    )
    expect((await post(server.url)).status).toBe(200)
    expect((await post(server.url)).status).toBe(200)
    expect(cut).toBe(1)
    expect(server.connections()).toBe(2)
  })
})
