import { performance } from 'node:perf_hooks'
import type { Request, RequestHandler } from 'express'
import type { Logger } from '../../logging/logger'
import { whenResponseEnds } from '../response-end'
import { upstreamTraceOf } from './upstream-trace'

/** Model names are short; a longer string is a client's mistake and would bloat the log. */
const MAX_MODEL_LENGTH = 120

/** The path without the query: a Gemini client may send its API key as `?key=`. */
const pathOf = (req: Request): string => req.originalUrl.split('?')[0] ?? ''

/** The model as the client named it: in the body (OpenAI, Anthropic) or the path (Gemini). */
export function clientModelOf(req: Request): string | null {
  const body = req.body as { model?: unknown } | undefined
  if (typeof body?.model === 'string') return body.model.slice(0, MAX_MODEL_LENGTH)
  const fromPath = /\/models\/([^/:]+)/.exec(pathOf(req))?.[1]
  return fromPath ? fromPath.slice(0, MAX_MODEL_LENGTH) : null
}

/**
 * One info line per client AI request, once its response has ended or the client went away:
 * route, models, account, status, latency, attempts. Built only from the route, the body's
 * model name and what the forwarder traced: never a header, a body or a token.
 */
export function createRequestLog(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now()
    whenResponseEnds(res, (finished) => {
      const trace = upstreamTraceOf(res)
      const route = pathOf(req)
      const clientModel = clientModelOf(req)
      const latencyMs = Math.round(performance.now() - started)
      const outcome = finished ? 'finished' : 'client closed'
      const what = [
        clientModel && trace.model && clientModel !== trace.model
          ? `${clientModel} as ${trace.model}`
          : (trace.model ?? clientModel),
        trace.email,
        trace.attempts > 0 ? `${trace.attempts} attempt${trace.attempts > 1 ? 's' : ''}` : null,
      ].filter(Boolean)
      const result =
        outcome === 'finished'
          ? `${res.statusCode} in ${latencyMs} ms`
          : `client closed after ${latencyMs} ms (status ${res.statusCode})`
      logger.info(`${req.method} ${route} ${result}${what.length ? ` (${what.join(', ')})` : ''}`, {
        route,
        method: req.method,
        client_model: clientModel,
        model: trace.model,
        account_id: trace.accountId,
        status: res.statusCode,
        latency_ms: latencyMs,
        attempts: trace.attempts,
        outcome,
      })
    })
    next()
  }
}
