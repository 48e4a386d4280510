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

export async function listen(app: Express, host: string, port: number): Promise<RunningServer> {
  const server = http.createServer(app)
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'EADDRINUSE'
          ? `port ${port} is already in use (set AGTRAY_PORT or --port)`
          : error.message
      reject(new AgtrayError('invalid_input', `Cannot listen on ${host}:${port}: ${reason}`))
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
