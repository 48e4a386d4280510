import http from 'node:http'
import type net from 'node:net'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { createProxy } from 'proxy'
import {
  createServer as createSocksServer,
  defaultConnectionHandler,
} from '@pondwader/socks5-server'

/** An outbound proxy the test runs, counting what went through it. */
export interface TestProxy {
  /** `http://…` or `socks5://…`, with the credentials it requires when it has some. */
  url: string
  /** Tunnels opened (CONNECT for HTTP, the SOCKS CONNECT command), to any target. */
  tunnels(): number
  /** Tunnels opened to this `host:port`. */
  tunnelsTo(hostPort: string): number
  /** Requests sent to it as plain forwarding (absolute URIs): agtray should never send any. */
  forwarded(): number
  close(): Promise<void>
}

const hostPortOf = (url: string): string => new URL(url).host

/** A real HTTP proxy (TooTallNate's `proxy`, as Squid would), optionally asking for Basic auth. */
export async function startHttpConnectProxy(auth?: {
  user: string
  password: string
}): Promise<TestProxy> {
  const server = createProxy(http.createServer())
  const targets: string[] = []
  let forwarded = 0
  const sockets = new Set<Duplex>()
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  // Counted before the proxy's own listener answers; a refused one counts too.
  server.prependListener('connect', (req: http.IncomingMessage, socket: Duplex) => {
    targets.push(req.url ?? '')
    sockets.add(socket)
  })
  server.prependListener('request', () => forwarded++)
  if (auth) {
    const expected = `Basic ${Buffer.from(`${auth.user}:${auth.password}`).toString('base64')}`
    server.authenticate = (req) => req.headers['proxy-authorization'] === expected
  }
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const credentials = auth ? `${auth.user}:${encodeURIComponent(auth.password)}@` : ''
  return {
    url: `http://${credentials}127.0.0.1:${port}`,
    tunnels: () => targets.length,
    tunnelsTo: (hostPort) => targets.filter((target) => target === hostPort).length,
    forwarded: () => forwarded,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A real SOCKS5 server (@pondwader/socks5-server), optionally with user/password auth. */
export async function startSocksProxy(auth?: {
  user: string
  password: string
}): Promise<TestProxy> {
  const server = createSocksServer(
    auth ? { auth: { username: auth.user, password: auth.password } } : {},
  )
  const targets: string[] = []
  const sockets = new Set<Duplex>()
  server.setConnectionHandler((connection, sendStatus) => {
    targets.push(`${connection.destAddress}:${connection.destPort}`)
    sockets.add(connection.socket)
    return defaultConnectionHandler(connection, sendStatus)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
  const inner = (server as unknown as { server: net.Server }).server
  inner.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  const { port } = inner.address() as AddressInfo
  const credentials = auth ? `${auth.user}:${encodeURIComponent(auth.password)}@` : ''
  return {
    url: `socks5://${credentials}127.0.0.1:${port}`,
    tunnels: () => targets.length,
    tunnelsTo: (hostPort) => targets.filter((target) => target === hostPort).length,
    forwarded: () => 0,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }
}

/** A port nothing listens on: a proxy there refuses every connection. */
export async function closedPort(): Promise<number> {
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export { hostPortOf }
