import type { IncomingMessage } from 'node:http'
import type { Request, RequestHandler, Response } from 'express'
import { Router } from 'express'
import { z } from 'zod'
import type { CloudCodeForwarder, CloudCodeMethod } from '../cloud-code-forwarder'
import { readBody } from '../cloud-code-forwarder'
import { sendJsonAnswer } from '../json-answer'
import type { ModelCatalog } from '../../../models/model-catalog'
import type { ProxyError } from '../protocol-errors'
import { bareModelName } from '../../../models/model-routing'
import { sendProtocolError } from '../protocol-errors'
import { unwrapResponseData } from '../sse-events'
import { BROKEN_STREAM_MESSAGE, endStreamWithError, readStreamToEnd } from '../stream-break'
import { startEventStream, writeDataEvent } from '../stream-writers'
import { unwrapCloudCodeResponse } from '../../../translate/gemini/cloud-code-envelope'
import { cleanNativeToolSchemas } from '../../../translate/gemini/native-tool-schemas'
import { createCachedSchemaCleaner } from '../../../translate/gemini/schema-cleaner-cache'

const generateRequestSchema = z.looseObject({
  contents: z.array(z.looseObject({ parts: z.array(z.unknown()) })).min(1),
})

const countTokensSchema = z.union([
  z.looseObject({ contents: z.array(z.unknown()).min(1) }),
  z.looseObject({
    generateContentRequest: z.looseObject({ contents: z.array(z.unknown()).min(1) }),
  }),
])

const methods = [
  'generateContent',
  'streamGenerateContent',
  'countTokens',
] as const satisfies readonly CloudCodeMethod[]

const geminiError = (res: Response, error: ProxyError): void =>
  sendProtocolError(res, 'gemini', error)

export interface GeminiNativeDeps {
  forwarder: CloudCodeForwarder
  jsonBody: RequestHandler
  catalog: ModelCatalog
}

/** The Gemini API's own routes: the request is already Gemini, so only the envelope changes. */
export function createGeminiNativeRouter(deps: GeminiNativeDeps): Router {
  const router = Router()
  router.get('/v1beta/models', (_req, res) => {
    res.json({ models: deps.catalog.names().map(describeModel) })
  })
  router.get('/v1beta/models/:model', (req, res) => {
    const name = bareModelName(String(req.params.model))
    if (
      deps.catalog.resolve(name).source === 'passthrough' &&
      !deps.catalog.names().includes(name)
    ) {
      geminiError(res, {
        status: 404,
        kind: 'not_found',
        message: `models/${name} is not served by any account; GET /v1beta/models lists those that are`,
      })
      return
    }
    res.json(describeModel(name))
  })
  router.post('/v1beta/models/:modelAction', deps.jsonBody, serve(deps))
  return router
}

/** The Gemini API's Model resource; Cloud Code does not say limits, so these are the usual ones. */
const describeModel = (name: string) => ({
  name: `models/${name}`,
  version: '001',
  displayName: name,
  inputTokenLimit: 1_048_576,
  outputTokenLimit: 65_536,
  supportedGenerationMethods: ['generateContent', 'streamGenerateContent', 'countTokens'],
})

function serve(deps: GeminiNativeDeps): RequestHandler {
  const cleanSchema = createCachedSchemaCleaner()
  return async (req: Request, res: Response, next) => {
    const modelAction = String(req.params.modelAction)
    const colon = modelAction.lastIndexOf(':')
    const requested = colon === -1 ? modelAction : modelAction.slice(0, colon)
    const method = colon === -1 ? 'generateContent' : modelAction.slice(colon + 1)
    if (!methods.includes(method as CloudCodeMethod)) {
      geminiError(res, {
        status: 400,
        kind: 'invalid_request',
        message: `Unsupported method: ${method}`,
      })
      return
    }
    const { model } = deps.catalog.resolve(requested)
    if (method === 'countTokens') {
      const parsed = countTokensSchema.safeParse(req.body)
      if (!parsed.success) {
        geminiError(res, {
          status: 400,
          kind: 'invalid_request',
          message: 'countTokens needs a non-empty "contents" array',
        })
        return
      }
      const contents =
        'contents' in parsed.data
          ? parsed.data.contents
          : parsed.data.generateContentRequest.contents
      await deps.forwarder.forward(req, res, next, {
        protocol: 'gemini',
        model,
        method: 'countTokens',
        // Cloud Code's countTokens takes the public API's shape, not the generate envelope.
        request: { model: `models/${model}`, contents },
        onSuccess: respondWithJson,
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
    const stream = method === 'streamGenerateContent'
    await deps.forwarder.forward(req, res, next, {
      protocol: 'gemini',
      model,
      method: method as CloudCodeMethod,
      request: cleanNativeToolSchemas(parsed.data, cleanSchema),
      onSuccess: stream ? respondWithStream : respondWithJson,
    })
  }
}

async function respondWithStream(upstream: IncomingMessage, res: Response): Promise<void> {
  startEventStream(res)
  const whole = await readStreamToEnd(upstream, (data) =>
    writeDataEvent(res, unwrapResponseData(data)),
  )
  // An error object in the stream: @google/genai raises it as an ApiError.
  if (!whole) endStreamWithError(res, 'gemini', BROKEN_STREAM_MESSAGE)
  else res.end()
}

async function respondWithJson(upstream: IncomingMessage, res: Response): Promise<void> {
  const text = await readBody(upstream)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    geminiError(res, {
      status: 502,
      kind: 'upstream',
      message: 'Google answered with a body that is not JSON',
    })
    return
  }
  sendJsonAnswer(res, 200, unwrapCloudCodeResponse(body))
}
