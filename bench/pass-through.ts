import http from 'node:http'
import type { AddressInfo } from 'node:net'

/** The Cloud Code call a pass-through makes for one bench route: what agtray itself sent. */
export interface UpstreamCall {
  /** `/v1internal:generateContent` or `/v1internal:streamGenerateContent?alt=sse`. */
  path: string
  /** The envelope, serialised once. */
  body: string
  authorization: string
}

/** Names the bench route of a request, so one pass-through serves them all. */
export const ROUTE_HEADER = 'x-bench-route'

export interface PassThrough {
  url: string
  setRoutes(routes: Record<string, UpstreamCall>): void
  close(): Promise<void>
}

/**
 * The floor to compare agtray with: a bare node:http server that takes the client's request,
 * sends the already-translated Cloud Code call over a keep-alive agent, and streams the answer
 * back untouched. No parsing, no translation, no account choice: what any proxy must at least do.
 */
export async function startPassThrough(upstreamUrl: string): Promise<PassThrough> {
  const upstream = new URL(upstreamUrl)
  const agent = new http.Agent({ keepAlive: true })
  let routes: Record<string, UpstreamCall> = {}
  const server = http.createServer((req, res) => {
    const call = routes[String(req.headers[ROUTE_HEADER])]
    // The client's body is read in full, as any proxy must before it answers.
    req.resume()
    req.once('end', () => {
      if (!call) {
        res.writeHead(404).end()
        return
      }
      const outgoing = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: 'POST',
          path: call.path,
          agent,
          headers: {
            authorization: call.authorization,
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(call.body),
          },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, {
            'content-type': answer.headers['content-type'] ?? 'application/json',
          })
          answer.pipe(res)
        },
      )
      outgoing.on('error', () => res.destroy())
      outgoing.end(call.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    setRoutes(next) {
      routes = next
    },
    close: () =>
      new Promise<void>((resolve) => {
        agent.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}
