import type { IncomingMessage } from 'node:http'
import { pipeline } from 'node:stream'
import type { Request, RequestHandler, Response } from 'express'
import { Router } from 'express'
import { z } from 'zod'
import type { Logger } from '../../logging/logger'
import type { Clock } from '../../runtime/clock'
import type { TokenPool } from '../../pool/token-pool'
import { NoAccountError } from '../../pool/token-pool'
import type { CloudCodeMethod } from '../cloud-code-forwarder'
import { readBody, setCloudCodeCall } from '../cloud-code-forwarder'
import type { ProxyError } from '../protocol-errors'
import { sendProtocolError } from '../protocol-errors'
import { createSseTransform, unwrapResponseData } from '../sse-unwrap-stream'
import { translateGoogleError } from '../upstream-errors'
import { unwrapCloudCodeResponse, wrapForCloudCode } from './cloud-code-envelope'

const generateRequestSchema = z.looseObject({
  contents: z.array(z.looseObject({ parts: z.array(z.unknown()) })).min(1),
})

const supportedMethods = [
  'generateContent',
  'streamGenerateContent',
] as const satisfies readonly CloudCodeMethod[]

const geminiError = (res: Response, error: ProxyError): void =>
  sendProtocolError(res, 'gemini', error)

export interface GeminiNativeDeps {
  pool: TokenPool
  forward: RequestHandler
  jsonBody: RequestHandler
  clock: Clock
  logger: Logger
}

/** The Gemini API's own routes: the request is already Gemini, so only the envelope changes. */
export function createGeminiNativeRouter(deps: GeminiNativeDeps): Router {
  const router = Router()
  router.post('/v1beta/models/:modelAction', deps.jsonBody, prepare(deps), deps.forward)
  return router
}

function prepare(deps: GeminiNativeDeps): RequestHandler {
  return async (req: Request, res: Response, next) => {
    const modelAction = String(req.params.modelAction)
    const colon = modelAction.lastIndexOf(':')
    const model = colon === -1 ? modelAction : modelAction.slice(0, colon)
    const method = colon === -1 ? 'generateContent' : modelAction.slice(colon + 1)
    if (!supportedMethods.includes(method as (typeof supportedMethods)[number])) {
      geminiError(res, {
        status: 400,
        kind: 'invalid_request',
        message: `Unsupported method: ${method}`,
      })
      return
    }
    const parsed = generateRequestSchema.safeParse(req.body)
    if (!parsed.success) {
      geminiError(res, {
        status: 400,
        kind: 'invalid_request',
        message:
          'The request body must be a JSON object with a non-empty "contents" array of {role, parts}',
      })
      return
    }
    let lease
    try {
      lease = await deps.pool.acquire()
    } catch (error) {
      if (!(error instanceof NoAccountError)) throw error
      geminiError(res, { status: 503, kind: 'unavailable', message: `agtray: ${error.message}` })
      return
    }
    const stream = method === 'streamGenerateContent'
    setCloudCodeCall(res, {
      protocol: 'gemini',
      lease,
      method: method as CloudCodeMethod,
      envelope: wrapForCloudCode(parsed.data, model, lease.projectId, deps.clock.now()),
      respond: stream ? respondWithStream : respondWithJson,
    })
    next()
  }
}

async function respondWithError(upstream: IncomingMessage, res: Response): Promise<void> {
  const text = await readBody(upstream)
  geminiError(res, translateGoogleError(upstream.statusCode ?? 502, text))
}

function respondWithStream(upstream: IncomingMessage, res: Response): void {
  if (upstream.statusCode !== 200) {
    void respondWithError(upstream, res)
    return
  }
  res.status(200)
  res.setHeader('content-type', 'text/event-stream; charset=utf-8')
  res.setHeader('cache-control', 'no-cache')
  res.setHeader('x-accel-buffering', 'no')
  res.flushHeaders()
  pipeline(upstream, createSseTransform(unwrapResponseData), res, () => {
    // Either side closing ends the others; nothing is left to report on a half-sent stream.
  })
}

function respondWithJson(upstream: IncomingMessage, res: Response): void {
  if (upstream.statusCode !== 200) {
    void respondWithError(upstream, res)
    return
  }
  void readBody(upstream).then((text) => {
    try {
      res.status(200).json(unwrapCloudCodeResponse(JSON.parse(text)))
    } catch {
      geminiError(res, {
        status: 502,
        kind: 'upstream',
        message: 'Google answered with a body that is not JSON',
      })
    }
  })
}
