import type { RequestHandler } from 'express'
import { coreEventNames } from '../../../shared/core-events'
import type { CoreApi } from '../../core-api'

const HEARTBEAT_MS = 15_000

/**
 * `GET /api/events`: the core's events as SSE (`event: accounts-changed`, `data: <json>`). A first
 * `ready` event carries the current state, so a client that connects late misses nothing.
 */
export function createEventsRoute(core: CoreApi): RequestHandler {
  return (req, res) => {
    res.status(200)
    res.setHeader('content-type', 'text/event-stream; charset=utf-8')
    res.setHeader('cache-control', 'no-cache')
    res.setHeader('x-accel-buffering', 'no')
    res.flushHeaders()
    const send = (event: string, data: unknown): void => {
      res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    }
    send('ready', { accounts: core.listAccounts(), proxy: core.proxyStatus() })
    const unsubscribers = coreEventNames.map((name) =>
      core.events.on(name, (payload) => send(name, payload)),
    )
    // Proxies and browsers drop idle connections; a comment line keeps this one open.
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), HEARTBEAT_MS)
    req.on('close', () => {
      clearInterval(heartbeat)
      for (const unsubscribe of unsubscribers) unsubscribe()
    })
  }
}
