import type { Agent, ClientRequest, IncomingMessage } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import { createProxyMiddleware } from 'http-proxy-middleware'
import { AgtrayError, isAgtrayError } from '../../agtray-error'
import type { ClientIdentity } from '../../google/client-identity'
import type { GoogleEndpoints } from '../../google/google-endpoints'
import { outdatedClientMessage, outdatedClientRefusal } from '../../google/outdated-client'
import { isGoogleTimeout } from '../../google/google-timeout-error'
import { OutboundProxyError } from '../../google/outbound-proxy-error'
import type { GoogleCallKind, GoogleTransport } from '../../google/google-transport'
import { failedOnStaleConnection } from '../../google/google-transport'
import type { Logger } from '../../logging/logger'
import { describeError } from '../../logging/logger'
import type { Lease, TokenPool } from '../../pool/token-pool'
import { NoAccountError } from '../../pool/token-pool'
import { classifyUpstreamFailure } from '../../pool/upstream-failure'
import type { Clock } from '../../runtime/clock'
import type { Timers } from '../../runtime/timers'
import { refusedByEnoughAccounts } from '../../pool/request-refusal'
import { wrapForCloudCode } from '../../translate/gemini/cloud-code-envelope'
import { sessionIdFor } from '../../translate/gemini/conversation-session-id'
import type { Protocol, ProxyError } from './protocol-errors'
import { proxyErrorOf, sendProtocolError } from './protocol-errors'
import type { Refusal } from './refusal-choice'
import { chooseRefusal } from './refusal-choice'
import { whenResponseEnds } from '../response-end'
import { translateGoogleError } from './upstream-errors'
import { upstreamTraceOf } from './upstream-trace'
import { decideWait } from './wait-decision'

export type CloudCodeMethod = 'generateContent' | 'streamGenerateContent' | 'countTokens'

/** One client request to serve through Cloud Code, prepared by a protocol route. */
export interface CloudCodeExchange {
  protocol: Protocol
  /** The Cloud Code model, after routing. */
  model: string
  method: CloudCodeMethod
  /** The Gemini request (the envelope's `request`). */
  request: Record<string, unknown>
  /** Renders Google's 200 answer for the client; it owns `upstream` from then on. */
  onSuccess(upstream: IncomingMessage, res: Response, lease: Lease): void | Promise<void>
}

interface Attempt {
  exchange: CloudCodeExchange
  lease: Lease
  /** The envelope as JSON, written before the request goes out (never inside its events). */
  body: string
  onResponse(upstream: IncomingMessage): void
  /** The call to Google once it is sent. */
  upstreamRequest?: ClientRequest
  /** Google's answer once its headers arrived. */
  upstreamResponse?: IncomingMessage
  /** Sent again once already because the pooled connection it went out on had closed. */
  resent?: boolean
}

export interface CloudCodeForwarder {
  forward(
    req: Request,
    res: Response,
    next: NextFunction,
    exchange: CloudCodeExchange,
  ): Promise<void>
}

const ATTEMPT_KEY = 'cloudCodeAttempt'
const attemptOf = (res: Response): Attempt => res.locals[ATTEMPT_KEY] as Attempt
const currentAttempt = (res: Response): Attempt | undefined =>
  res.locals[ATTEMPT_KEY] as Attempt | undefined

/** Cloud Code's ids (`gemini-3.1-pro-high`, `claude-opus-4-6-thinking`); nothing else reaches it. */
const isCloudCodeModelId = (model: string): boolean =>
  /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(model)

/** At most this many accounts try one request (the reference: three). */
export const MAX_ATTEMPTS = 3

const callKinds: Record<CloudCodeMethod, GoogleCallKind> = {
  streamGenerateContent: 'stream',
  generateContent: 'generate',
  countTokens: 'quick',
}

/**
 * Serves exchanges through Cloud Code with http-proxy-middleware: the request goes out with an
 * account's token instead of the client's key, and Google's answer streams back through the
 * route's renderer without buffering. When Google refuses the account (401, 403, 429, 5xx) before
 * anything was sent to the client, the account rests and the next one tries.
 */
export function createCloudCodeForwarder(deps: {
  endpoints: GoogleEndpoints
  /** Antigravity's identity headers, the only ones that say who calls. */
  identity: ClientIdentity
  pool: TokenPool
  logger: Logger
  clock: Clock
  /** Waits for a resting account (see decideWait); tests fire them by hand. */
  timers: Timers
  /** How long one request may wait for a resting account (settings `scheduling.max_wait_seconds`). */
  maxWaitMs(): number
  transport: GoogleTransport
}): CloudCodeForwarder {
  const base = new URL(deps.endpoints.cloudCodeBaseUrl)
  const sendUnreachable = (res: Response, protocol: Protocol, error: unknown): void => {
    deps.logger.warn(`Cloud Code could not be reached: ${describeError(error)}`)
    sendProtocolError(res, protocol, {
      status: 502,
      kind: 'upstream',
      code: 'upstream_unreachable',
      message: `Google Cloud Code could not be reached (${(error as NodeJS.ErrnoException).code ?? describeError(error)})`,
    })
  }
  // One middleware per agent: http-proxy-middleware takes its agent when it is made, and each
  // outbound proxy (an account's own, the global one, none) has its own keep-alive agent.
  const middlewares = new Map<Agent, ReturnType<typeof createMiddleware>>()
  const proxyFor = (lease: Lease): ReturnType<typeof createMiddleware> => {
    const agent = deps.transport.agentFor(base, lease.proxyUrl)
    let middleware = middlewares.get(agent)
    if (!middleware) {
      middleware = createMiddleware(agent)
      middlewares.set(agent, middleware)
    }
    return middleware
  }
  const createMiddleware = (agent: Agent) => {
    const proxy = createProxyMiddleware<Request, Response>({
      target: base.origin,
      changeOrigin: true,
      selfHandleResponse: true,
      // The shared keep-alive pool; how long Google may take is the transport's call (watch below).
      agent,
      pathRewrite: (_path, req) => {
        const { exchange } = attemptOf(req.res as Response)
        const stream = exchange.method === 'streamGenerateContent' ? '?alt=sse' : ''
        return `${base.pathname}:${exchange.method}${stream}`
      },
      on: {
        proxyReq(proxyReq, _req, res) {
          const attempt = attemptOf(res)
          // Only agtray's own headers reach Google: not the client's credentials, framing
          // (`transfer-encoding`, `content-encoding` of a body agtray re-wrote), hop-by-hop headers
          // (a client's `Connection: close` would close the pooled connection) or identity.
          for (const name of proxyReq.getHeaderNames())
            if (name !== 'host') proxyReq.removeHeader(name)
          proxyReq.setHeader('authorization', `Bearer ${attempt.lease.accessToken}`)
          proxyReq.setHeader('content-type', 'application/json')
          proxyReq.setHeader('content-length', Buffer.byteLength(attempt.body))
          proxyReq.setHeader('accept-encoding', 'identity')
          for (const [name, value] of Object.entries(deps.identity.cloudCodeHeaders()))
            proxyReq.setHeader(name, value)
          // agtray sends the whole request itself (see keepUnpiped).
          proxyReq.end(attempt.body)
          attempt.upstreamRequest = proxyReq
          deps.transport.watch(proxyReq, callKinds[attempt.exchange.method])
        },
        proxyRes(proxyRes, _req, res) {
          const attempt = attemptOf(res)
          attempt.upstreamResponse = proxyRes
          attempt.onResponse(proxyRes)
        },
        error(error, req, res) {
          const response = res as Response
          if (!('status' in response) || response.destroyed) return
          const attempt = attemptOf(response)
          const sent = attempt.upstreamRequest
          if (
            sent &&
            !attempt.upstreamResponse &&
            !attempt.resent &&
            failedOnStaleConnection(sent, error)
          ) {
            attempt.resent = true
            void proxy(req as Request, response, (failure?: unknown) =>
              sendUnreachable(response, attempt.exchange.protocol, failure),
            )
            return
          }
          // The outbound proxy failed: not the account's fault either, and the user must hear
          // which proxy to fix.
          if (error instanceof OutboundProxyError) {
            deps.logger.warn(`Cloud Code ${attempt.exchange.method}: ${error.message}`)
            if (response.headersSent) return
            sendProtocolError(response, attempt.exchange.protocol, outboundProxyFailure(error))
            return
          }
          // Not the account's fault, so it neither rests nor passes the request on: another account
          // would most likely wait just as long.
          if (isGoogleTimeout(error)) {
            deps.logger.warn(`Cloud Code ${attempt.exchange.method}: ${error.message}`)
            if (response.headersSent) return
            sendProtocolError(response, attempt.exchange.protocol, {
              status: 504,
              kind: 'timeout',
              code: 'upstream_timeout',
              message: `agtray: ${error.explain('Google Cloud Code')}`,
            })
            return
          }
          sendUnreachable(response, attempt.exchange.protocol, error)
        },
      },
    })
    return proxy
  }

  return {
    async forward(req, res, next, exchange) {
      // Checked before any account is spent: the model also goes back in a response header.
      if (!isCloudCodeModelId(exchange.model)) {
        sendProtocolError(res, exchange.protocol, {
          status: 400,
          kind: 'invalid_request',
          code: 'invalid_model',
          message: `model: ${JSON.stringify(exchange.model).slice(0, 80)} is not a model name (letters, digits, ".", "-", "_")`,
        })
        return
      }
      // One id for every turn of a conversation: it keeps the conversation on its account, and
      // Google keys its prompt cache on it. countTokens takes the public API's request: no id.
      const sessionId =
        exchange.method === 'countTokens' ? undefined : sessionIdFor(exchange.request)
      const request = sessionId ? { ...exchange.request, sessionId } : exchange.request
      const tried = new Set<string>()
      const refreshedOnce = new Set<string>()
      const refusals: Refusal[] = []
      // Refusals of the request itself (see request-refusal.ts), the last one kept to answer with.
      let requestRefusals = 0
      let lastRequestRefusal: ProxyError | null = null
      let waitedMs = 0
      let cancelWait: (() => void) | null = null
      const trace = upstreamTraceOf(res)
      trace.model = exchange.model
      // A client that goes away must not keep Google (and the account's quota) busy. One
      // listener for the whole request, however many accounts it tries.
      // Also when the client's answer ended before Google's (a renderer that gave up): a pooled
      // connection goes back to the pool only once its answer was read to the end, so an
      // unread one is closed rather than left holding a socket until the idle timeout.
      whenResponseEnds(res, (finished) => {
        // A client that left while its request waited for an account: nobody serves it.
        cancelWait?.()
        const current = currentAttempt(res)
        if (!finished || (current?.upstreamResponse && !current.upstreamResponse.complete))
          current?.upstreamRequest?.destroy()
      })

      // See chooseRefusal: when every account rests, the soonest back speaks, not the last.
      const googleRefusal = (): ProxyError | null =>
        chooseRefusal(refusals, deps.pool.nextServableAt(exchange.model), deps.clock.now())

      /**
       * Waits for the first account back when that is within the request's bound (decideWait),
       * then lets every account try again. False when it is not (the caller answers), or when
       * the client left meanwhile (nobody to answer).
       */
      const waitForAccount = async (): Promise<boolean> => {
        if (res.headersSent || res.destroyed) return false
        const decision = decideWait({
          backAt: deps.pool.nextServableAt(exchange.model),
          now: deps.clock.now(),
          waitedMs,
          maxWaitMs: deps.maxWaitMs(),
        })
        if (decision.kind === 'answer') return false
        const woke = await new Promise<boolean>((resolve) => {
          const stop = deps.timers.after(decision.ms, () => resolve(true))
          cancelWait = () => {
            stop()
            resolve(false)
          }
        })
        cancelWait = null
        waitedMs += decision.ms
        if (!woke || res.destroyed) return false
        // Those tried rested, and their rest is over: they may serve now.
        tried.clear()
        return true
      }

      const attempt = async (): Promise<void> => {
        let lease: Lease
        try {
          lease = await deps.pool.acquire({ model: exchange.model, exclude: tried, sessionId })
        } catch (error) {
          if (isAgtrayError(error) && error.code === 'client_outdated') {
            sendProtocolError(res, exchange.protocol, outdatedClientError(error.message))
            return
          }
          if (!(error instanceof NoAccountError)) throw error
          // Google refused the request itself and no other account is free to try: its words.
          if (lastRequestRefusal) {
            sendProtocolError(res, exchange.protocol, lastRequestRefusal)
            return
          }
          if (await waitForAccount()) {
            await attempt()
            return
          }
          if (res.destroyed) return
          // Google's refusal (a rate limit…) tells the client most, unless an account then failed
          // to prepare (its token refresh refused): what happened to the accounts is the news.
          const googleSaid = error.afterFailure ? null : googleRefusal()
          sendProtocolError(res, exchange.protocol, googleSaid ?? noAccountError(error))
          return
        }
        tried.add(lease.accountId)
        trace.attempts++
        trace.accountId = lease.accountId
        trace.email = lease.email
        res.locals[ATTEMPT_KEY] = {
          exchange,
          lease,
          // countTokens takes the public API's request as is; the others Cloud Code's envelope.
          body: JSON.stringify(
            exchange.method === 'countTokens'
              ? { request: exchange.request }
              : wrapForCloudCode(request, exchange.model, lease.projectId, deps.clock.now()),
          ),
          onResponse: (upstream) => void respond(upstream, lease).catch((error) => fail(error)),
        } satisfies Attempt
        let middleware: ReturnType<typeof createMiddleware>
        try {
          middleware = proxyFor(lease)
        } catch (error) {
          if (!(error instanceof OutboundProxyError)) throw error
          deps.logger.warn(`Cloud Code ${exchange.method}: ${error.message}`)
          sendProtocolError(res, exchange.protocol, outboundProxyFailure(error))
          return
        }
        keepUnpiped(req)
        await middleware(req, res, next)
      }

      /** agtray's own answer when no account may serve (see NoAccountError for 429 or 503). */
      const noAccountError = (error: NoAccountError): ProxyError => ({
        ...proxyErrorOf(error),
        message: `agtray: ${error.message}`,
        ...(error.retryAt === null ? {} : { retryAfterMs: error.retryAt - deps.clock.now() }),
      })

      // A bug or a broken stream while rendering must end this response, never the process.
      const fail = (error: unknown): void => {
        deps.logger.error(`Serving ${exchange.protocol} request failed: ${describeError(error)}`)
        if (res.headersSent) res.end()
        else
          sendProtocolError(res, exchange.protocol, {
            status: 502,
            kind: 'upstream',
            code: 'upstream_error',
            message: 'agtray could not read Google’s answer; see its log',
          })
      }

      const respond = async (upstream: IncomingMessage, lease: Lease): Promise<void> => {
        res.setHeader('x-agtray-account-id', lease.accountId)
        res.setHeader('x-agtray-model', exchange.model)
        const status = upstream.statusCode ?? 502
        if (status === 200) {
          deps.pool.reportSuccess(lease)
          await exchange.onSuccess(upstream, res, lease)
          return
        }
        const text = await readBody(upstream)
        // Every account would hear the same: none rests or is marked, the user sets a version.
        const outdated = outdatedClientRefusal(status, text)
        if (outdated !== null) {
          deps.logger.warn(`Cloud Code refused the client version: ${outdated}`)
          sendProtocolError(
            res,
            exchange.protocol,
            outdatedClientError(outdatedClientMessage(deps.identity, outdated)),
          )
          return
        }
        const hints = { retryAfter: upstream.headers['retry-after'], now: deps.clock.now() }
        const failure = classifyUpstreamFailure(status, text, hints)
        deps.pool.reportUpstreamFailure(lease, failure, exchange.model)
        const rests = failure.scope !== 'none' && failure.cooldownMs > 0
        const translated = translateGoogleError(status, text, hints)
        refusals.push({
          error: translated,
          backAt: rests ? deps.clock.now() + failure.cooldownMs : null,
        })
        if (failure.requestRefusal) {
          requestRefusals++
          lastRequestRefusal = translated
          if (refusedByEnoughAccounts(requestRefusals)) {
            sendProtocolError(res, exchange.protocol, refusedRequest(translated, requestRefusals))
            return
          }
        }
        // A refused token is refreshed on next use: the account may take part again, once.
        if (failure.invalidateToken && !refreshedOnce.has(lease.accountId)) {
          refreshedOnce.add(lease.accountId)
          tried.delete(lease.accountId)
        }
        const canRetry =
          failure.retryElsewhere && tried.size < MAX_ATTEMPTS && !res.headersSent && !res.destroyed
        if (canRetry) {
          await attempt()
          return
        }
        // Every account this request may try was refused: one may be back soon enough to wait.
        if (failure.retryElsewhere && !failure.requestRefusal && (await waitForAccount())) {
          await attempt()
          return
        }
        if (res.destroyed) return
        // A refusal of the request itself (400, 404) is the answer whatever the accounts do.
        const refusal = failure.retryElsewhere ? googleRefusal() : refusals.at(-1)?.error
        if (refusal) sendProtocolError(res, exchange.protocol, refusal)
      }

      await attempt()
    },
  }
}

/**
 * Google refused the request itself on several accounts: the client hears that it is the
 * request, not a limit of agtray's accounts, in Google's (redacted) words.
 */
function refusedRequest(error: ProxyError, accounts: number): ProxyError {
  return {
    ...error,
    code: 'request_refused',
    message: `${error.message} (Google refused this request itself on ${accounts} accounts; agtray stopped there and rests no account: change the request)`,
  }
}

/** A refusal of agtray's client version: no account would pass, the user sets a newer version. */
const outdatedClientError = (message: string): ProxyError =>
  proxyErrorOf(new AgtrayError('client_outdated', `agtray: ${message}`))

/** The outbound proxy failed: a 502 that names it (without its password). */
const outboundProxyFailure = (error: OutboundProxyError): ProxyError => ({
  ...proxyErrorOf(error),
  message: `agtray: ${error.message}`,
})

/** Collects a (small) upstream body, for JSON answers and errors. */
export function readBody(upstream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    upstream.on('data', (chunk: Buffer) => chunks.push(chunk))
    upstream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    upstream.on('error', reject)
    // Cut before its end: half a body is no answer (after 'end', this settles nothing).
    upstream.on('close', () => {
      if (!upstream.complete) reject(new Error('Google’s answer broke off before it was complete'))
    })
  })
}

/**
 * http-proxy pipes the client's request into Google's. Its body was read already (agtray sends
 * its own from the proxyReq handler), so the pipe would only end Google's request on the next
 * tick; through an outbound proxy the socket comes later than that, the headers would go out
 * before the handler set agtray's own, and the handler would throw. The pipe is a no-op: the
 * handler ends the request once it is whole.
 */
function keepUnpiped(req: Request): void {
  req.pipe = <T extends NodeJS.WritableStream>(destination: T): T => destination
}
