import http from 'node:http'
import https from 'node:https'
import type { Duplex } from 'node:stream'
import { GoogleTimeoutError } from './google-timeout-error'
import { envProxyFor } from './env-proxy'
import { createProxyAgent } from './proxy-agent'
import { OutboundProxyError } from './outbound-proxy-error'
import { checkOutboundProxyUrl } from '../../shared/outbound-proxy-url'

/**
 * What a call waits for, which decides how long Google may take before its answer starts:
 * - `stream`: streamGenerateContent. Cloud Code sends its headers and first event as soon as the
 *   model starts (thoughts stream too), so five minutes without them means it is stuck; the
 *   reference waits as long for the first chunk.
 * - `generate`: generateContent. Google answers only once the whole answer is written, which for
 *   a thinking model and a long answer takes minutes: ten, like the reference's total limit.
 * - `quick`: token refresh, userinfo, loadCodeAssist, countTokens. Small JSON both ways, answered
 *   in well under a second; the limit covers the whole call, body included.
 */
export type GoogleCallKind = 'stream' | 'generate' | 'quick'

export interface GoogleTimeouts {
  /** A new connection: TCP and TLS handshakes. Waiting for a free socket is not counted. */
  connectMs: number
  /** From a `stream` call's start to Google's response headers. */
  streamResponseMs: number
  /** From a `generate` call's start to Google's response headers. */
  generateResponseMs: number
  /** Silence inside a `stream` or `generate` answer once it started (the reference: 300 s). */
  idleMs: number
  /** A whole `quick` call. */
  quickMs: number
}

export const defaultGoogleTimeouts: GoogleTimeouts = {
  connectMs: 10_000,
  streamResponseMs: 300_000,
  generateResponseMs: 600_000,
  idleMs: 300_000,
  quickMs: 15_000,
}

export interface GoogleTransportOptions {
  timeouts?: Partial<GoogleTimeouts>
  /**
   * Connections open at once to one host. Each streamed answer holds one for its whole length,
   * so this is how many answers agtray streams from Google at once before requests queue.
   */
  maxSocketsPerHost?: number
  /** Idle connections kept per host for the next requests. */
  maxFreeSocketsPerHost?: number
  /**
   * How long an idle connection is kept: well under the idle limit of Google's front ends (about
   * ten minutes), so agtray closes first and never sends a request into a closing socket.
   */
  freeSocketIdleMs?: number
  /**
   * The global outbound proxy in force now (settings `network.outbound_proxy`), read on every
   * call so a change applies to the next request; null when none is set.
   */
  outboundProxy?: () => string | null
  /** Where `HTTPS_PROXY`, `HTTP_PROXY`, `ALL_PROXY` and `NO_PROXY` are read; none when absent. */
  env?: NodeJS.ProcessEnv
}

/**
 * Every connection agtray opens to Google (OAuth, userinfo, Cloud Code) comes from here: one
 * keep-alive pool per protocol, so a Claude Code turn reuses a warm TLS connection instead of
 * paying a TCP and TLS handshake, and one place that bounds how long each call may hang.
 */
export interface GoogleTransport {
  readonly timeouts: GoogleTimeouts
  /**
   * The agent for a request to `url`, on behalf of an account whose own proxy is
   * `accountProxy` (null or absent: it has none). Every caller asks here, none builds its own.
   * The proxy is, first found: the account's, the global setting, the environment's for this URL
   * (see envProxyFor), else none. One keep-alive agent per distinct proxy URL.
   */
  agentFor(url: string | URL, accountProxy?: string | null): http.Agent
  /** The proxy a call to `url` for such an account goes through, null when direct. */
  proxyFor(url: string | URL, accountProxy?: string | null): string | null
  /** Ends `request` with a GoogleTimeoutError when Google is slower than its kind allows. */
  watch(request: http.ClientRequest, kind: GoogleCallKind): void
  /** Closes every pooled connection (the core stops). */
  close(): void
}

export function createGoogleTransport(options: GoogleTransportOptions = {}): GoogleTransport {
  const timeouts = { ...defaultGoogleTimeouts, ...options.timeouts }
  const agentOptions: https.AgentOptions = {
    keepAlive: true,
    // TCP keep-alive probes on idle sockets keep NAT entries alive and find dead peers.
    keepAliveMsecs: 30_000,
    maxSockets: options.maxSocketsPerHost ?? 128,
    maxFreeSockets: options.maxFreeSocketsPerHost ?? 64,
    // On a keep-alive agent this closes sockets idle in the pool (active ones are not touched).
    timeout: options.freeSocketIdleMs ?? 90_000,
    scheduling: 'lifo',
  }
  // https.Agent keeps TLS sessions (maxCachedSessions, default 100): a new socket to a host seen
  // before resumes the session instead of a full handshake.
  const httpAgent = withConnectTimeout(new http.Agent(agentOptions), timeouts.connectMs, false)
  const httpsAgent = withConnectTimeout(new https.Agent(agentOptions), timeouts.connectMs, true)

  const responseLimit = (kind: GoogleCallKind): number =>
    kind === 'stream'
      ? timeouts.streamResponseMs
      : kind === 'generate'
        ? timeouts.generateResponseMs
        : timeouts.quickMs

  const proxyAgents = new Map<string, http.Agent>()
  const proxyFor = (url: URL, accountProxy?: string | null): string | null =>
    nonBlank(accountProxy) ??
    nonBlank(options.outboundProxy?.()) ??
    envProxyFor(url, options.env ?? {})

  return {
    timeouts,
    agentFor(target, accountProxy) {
      const url = typeof target === 'string' ? new URL(target) : target
      const proxy = proxyFor(url, accountProxy)
      if (proxy === null) return url.protocol === 'http:' ? httpAgent : httpsAgent
      let agent = proxyAgents.get(proxy)
      if (!agent) {
        // A hand-edited account file or HTTPS_PROXY may hold anything: say which, never use it.
        const checked = checkOutboundProxyUrl(proxy)
        if (!checked.ok) throw new OutboundProxyError(proxy, `cannot be used: ${checked.error}`)
        agent = createProxyAgent(proxy, agentOptions, timeouts.connectMs)
        proxyAgents.set(proxy, agent)
      }
      return agent
    },
    proxyFor: (target, accountProxy) =>
      proxyFor(typeof target === 'string' ? new URL(target) : target, accountProxy),
    watch(request, kind) {
      const limit = responseLimit(kind)
      // From the start, so a call queued for a free socket is bounded too.
      const timer = setTimeout(
        () => request.destroy(new GoogleTimeoutError('response', limit, request.host)),
        limit,
      )
      const stop = (): void => clearTimeout(timer)
      request.once('close', stop)
      if (kind === 'quick') return
      request.once('response', () => {
        stop()
        // A socket timeout: any byte in either direction restarts it, and Node clears it when
        // the socket goes back to the pool. Never a 'data' listener: that would start the body
        // flowing before the route reads it.
        request.setTimeout(timeouts.idleMs, () =>
          request.destroy(new GoogleTimeoutError('idle', timeouts.idleMs, request.host)),
        )
      })
    },
    close() {
      httpAgent.destroy()
      httpsAgent.destroy()
      for (const agent of proxyAgents.values()) agent.destroy()
      proxyAgents.clear()
    },
  }
}

const nonBlank = (value: string | null | undefined): string | null =>
  value && value.trim() !== '' ? value.trim() : null

/**
 * Whether a request failed because the pooled connection it reused had been closed by the other
 * side (it timed out idle there while we sent). Nothing reached Google, so sending it again on a
 * new connection is safe; Node's documentation recommends exactly this.
 */
export function failedOnStaleConnection(request: http.ClientRequest, error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code
  return request.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE')
}

/** Node's agents have no connect timeout; this bounds the handshakes of every socket they open. */
function withConnectTimeout<T extends http.Agent>(agent: T, timeoutMs: number, secure: boolean): T {
  const create = agent.createConnection.bind(agent)
  agent.createConnection = (options, callback) => {
    const socket = create(options, callback)
    if (socket) armConnectTimer(socket, timeoutMs, secure ? 'secureConnect' : 'connect', options)
    return socket
  }
  return agent
}

function armConnectTimer(
  socket: Duplex,
  timeoutMs: number,
  ready: 'connect' | 'secureConnect',
  options: http.ClientRequestArgs,
): void {
  const host = `${options.host ?? options.hostname ?? 'Google'}:${options.port ?? ''}`
  const timer = setTimeout(
    () => socket.destroy(new GoogleTimeoutError('connect', timeoutMs, host)),
    timeoutMs,
  )
  const stop = (): void => clearTimeout(timer)
  socket.once(ready, stop)
  socket.once('close', stop)
}
