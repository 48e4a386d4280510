import http from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'
import { AgtrayError } from '../agtray-error'

export interface RunningServer {
  readonly host: string
  readonly port: number
  readonly url: string
  close(): Promise<void>
}

/**
 * Slow clients are let go: headers must arrive within 20 s and a whole request (a body of up to
 * 100 MB on a slow link) within 2 minutes; an idle keep-alive connection closes after 5 s. The
 * answer itself (a long stream) has no limit here.
 */
export interface ServerTimeouts {
  headersTimeout: number
  requestTimeout: number
  keepAliveTimeout: number
}

export const serverTimeouts: ServerTimeouts = {
  headersTimeout: 20_000,
  requestTimeout: 120_000,
  keepAliveTimeout: 5_000,
}

export async function listen(
  app: Express,
  host: string,
  port: number,
  timeouts: {
    headersTimeout: number
    requestTimeout: number
    keepAliveTimeout: number
  } = serverTimeouts,
): Promise<RunningServer> {
  const server = http.createServer(
    {
      headersTimeout: timeouts.headersTimeout,
      requestTimeout: timeouts.requestTimeout,
      keepAliveTimeout: timeouts.keepAliveTimeout,
      // How often Node looks for connections past those limits.
      connectionsCheckingInterval: Math.min(1_000, timeouts.headersTimeout),
    },
    app,
  )
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const inUse = error.code === 'EADDRINUSE'
      const reason = inUse
        ? `port ${port} is already in use (set AGTRAY_PORT or --port)`
        : error.message
      // A taken port is nobody's typo; an address this machine does not have is a setting to fix.
      reject(
        new AgtrayError(
          inUse ? 'port_in_use' : 'invalid_input',
          `Cannot listen on ${host}:${port}: ${reason}`,
        ),
      )
    })
    server.listen(port, host, () => resolve())
  })
  const address = server.address() as AddressInfo
  // Bound to every interface: this machine reaches it on loopback.
  const reachable =
    address.address === '0.0.0.0' ? '127.0.0.1' : address.address === '::' ? '::1' : address.address
  const urlHost = reachable.includes(':') ? `[${reachable}]` : reachable
  return {
    host: address.address,
    port: address.port,
    url: `http://${urlHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        // Keep-alive and SSE connections would hold close() open forever.
        server.closeAllConnections()
      }),
  }
}
