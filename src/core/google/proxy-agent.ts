import type http from 'node:http'
import type { Duplex } from 'node:stream'
import { HttpsProxyAgent } from 'https-proxy-agent'
import { SocksProxyAgent } from 'socks-proxy-agent'
import { describeWait } from '../runtime/wait-time'
import { proxyAddress } from '../../shared/outbound-proxy-url'
import { OutboundProxyError } from './outbound-proxy-error'

type AgentOptions = http.AgentOptions

/**
 * A keep-alive agent that reaches every host through one outbound proxy: an HTTP(S) proxy by
 * CONNECT (for http targets too, so the proxy sees a tunnel and never the request with its
 * token), a SOCKS5 proxy by its CONNECT command. Both come from the same well-kept family
 * (agent-base), whose agents pool their tunnels like Node's own: a second request to Google
 * reuses the open tunnel instead of asking the proxy again.
 *
 * Whatever goes wrong before the tunnel is open (refused, unreachable, 407, a SOCKS refusal, no
 * answer within `connectMs`) becomes an OutboundProxyError naming the proxy without its password.
 */
export function createProxyAgent(
  proxyUrl: string,
  options: AgentOptions,
  connectMs: number,
): http.Agent {
  const url = new URL(proxyUrl)
  const socks = url.protocol === 'socks5:' || url.protocol === 'socks5h:'
  const agent = socks ? new SocksProxyAgent(url, options) : new HttpsProxyAgent(url, options)
  // socks-proxy-agent turns the agent's `timeout` (how long an idle pooled socket is kept) into
  // a timeout on every socket that destroys the request: a quiet stream would be cut. The pool's
  // own idle handling still applies; the tunnel's opening is bounded below.
  if (agent instanceof SocksProxyAgent)
    (agent as unknown as { timeout: number | null }).timeout = null
  type Connect = (req: http.ClientRequest, opts: never) => Promise<Duplex | http.Agent>
  const connect = agent.connect.bind(agent) as Connect
  const address = proxyAddress(proxyUrl)
  const guarded: Connect = (req, opts) =>
    new Promise((resolve, reject) => {
      let settled = false
      let status: { statusCode: number; statusText: string } | undefined
      // https-proxy-agent replays a refused CONNECT's answer as if the target had sent it: a 407
      // would reach the pool as Google's answer. Its event tells us first.
      req.once('proxyConnect', (answer: { statusCode: number; statusText: string }) => {
        status = answer
      })
      const fail = (reason: string, cause?: unknown): void => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        reject(new OutboundProxyError(proxyUrl, reason, { cause }))
      }
      const timer = setTimeout(
        () => fail(`did not open a connection within ${describeWait(connectMs)}`),
        connectMs,
      )
      connect(req, opts).then(
        (socket) => {
          if (!settled && status && status.statusCode !== 200) {
            destroy(socket)
            fail(refusal(status))
            return
          }
          if (settled) {
            destroy(socket)
            return
          }
          settled = true
          clearTimeout(timer)
          resolve(socket)
        },
        (error: unknown) => fail(reasonOf(error, address), error),
      )
    })
  agent.connect = guarded as typeof agent.connect
  return agent
}

const destroy = (socket: Duplex | http.Agent): void => {
  if ('destroy' in socket) socket.destroy()
}

function refusal(status: { statusCode: number; statusText: string }): string {
  const said = `${status.statusCode}${status.statusText ? ` ${status.statusText}` : ''}`
  if (status.statusCode === 407)
    return `refused the credentials (${said}); check its user and password`
  return `refused to open a tunnel to Google (${said})`
}

/** A Node or SOCKS error, told about the proxy: never the URL with its password. */
function reasonOf(error: unknown, address: string): string {
  const like = error as { code?: unknown; message?: unknown } | null
  const code = typeof like?.code === 'string' ? like.code : null
  if (code === 'ECONNREFUSED') return `refused the connection at ${address} (ECONNREFUSED)`
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
    return `could not be found (${code}): its host name does not resolve`
  if (code === 'ECONNRESET') return `closed the connection while it opened (ECONNRESET)`
  if (code) return `could not be reached at ${address} (${code})`
  const message = typeof like?.message === 'string' ? like.message : String(error)
  // socks' messages ("Socks5 Authentication failed", "Socks5 proxy rejected connection -
  // HostUnreachable") name no secret.
  return `failed: ${message.slice(0, 200)}`
}
