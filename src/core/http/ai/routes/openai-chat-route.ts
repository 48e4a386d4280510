import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { RequestHandler, Response } from 'express'
import { Router } from 'express'
import type { Clock } from '../../../runtime/clock'
import type { CloudCodeForwarder } from '../cloud-code-forwarder'
import { readBody } from '../cloud-code-forwarder'
import type { GeminiResponse } from '../../../translate/gemini/gemini-types'
import { mergeGeminiStream } from '../../../translate/gemini/merge-stream'
import { sendJsonAnswer } from '../json-answer'
import { createCachedSchemaCleaner } from '../../../translate/gemini/schema-cleaner-cache'
import type { ModelCatalog } from '../../../models/model-catalog'
import { geminiToOpenAi } from '../../../translate/openai/gemini-to-openai'
import type { OpenAiResponseMeta } from '../../../translate/openai/gemini-to-openai'
import { createOpenAiStreamTranslator } from '../../../translate/openai/openai-stream-translator'
import { chatCompletionRequestSchema } from '../../../translate/openai/openai-request-schema'
import { openAiToGemini } from '../../../translate/openai/openai-to-gemini'
import { sendProtocolError } from '../protocol-errors'
import { cloudCodeEventOf, requireGeminiEvents } from '../sse-events'
import { BROKEN_STREAM_MESSAGE, endStreamWithError, readStreamToEnd } from '../stream-break'
import { startEventStream, writeDataEvent } from '../stream-writers'
import type { SignatureCache } from '../thought-signature-cache'
import { describeZodError } from '../../zod-issue'

export interface OpenAiRouteDeps {
  forwarder: CloudCodeForwarder
  jsonBody: RequestHandler
  catalog: ModelCatalog
  signatures: SignatureCache
  clock: Clock
}

/** `/v1/chat/completions`, translated to and from Cloud Code's Gemini. */
export function createOpenAiRouter(deps: OpenAiRouteDeps): Router {
  const router = Router()
  const cleanSchema = createCachedSchemaCleaner()
  router.post('/v1/chat/completions', deps.jsonBody, async (req, res, next) => {
    const parsed = chatCompletionRequestSchema.safeParse(req.body)
    if (!parsed.success) {
      sendProtocolError(res, 'openai', {
        status: 400,
        kind: 'invalid_request',
        code: 'invalid_request',
        message: describeZodError(parsed.error),
      })
      return
    }
    const body = parsed.data
    const { model } = deps.catalog.resolve(body.model)
    // A TranslationError goes to the error handler, which answers 400 in this protocol's format.
    const request = openAiToGemini(body, {
      signatureFor: (id) => deps.signatures.get(id),
      foldPrefill: model.includes('claude'),
      cleanSchema,
    })
    const meta: OpenAiResponseMeta = {
      id: `chatcmpl-${randomUUID().replaceAll('-', '')}`,
      model: body.model,
      created: Math.floor(deps.clock.now() / 1000),
    }
    const includeUsage = body.stream_options?.include_usage === true
    await deps.forwarder.forward(req, res, next, {
      protocol: 'openai',
      model,
      // Like the Antigravity client, always stream from Cloud Code; collect for clients that did not.
      method: 'streamGenerateContent',
      request: request as Record<string, unknown>,
      onSuccess: body.stream
        ? (upstream, response) =>
            streamChunks(upstream, response, meta, includeUsage, deps.signatures)
        : (upstream, response) => answerOnce(upstream, response, meta, deps.signatures),
    })
  })
  return router
}

async function streamChunks(
  upstream: IncomingMessage,
  res: Response,
  meta: OpenAiResponseMeta,
  includeUsage: boolean,
  signatures: SignatureCache,
): Promise<void> {
  startEventStream(res)
  const translator = createOpenAiStreamTranslator(meta, { includeUsage })
  const whole = await readStreamToEnd(upstream, (data) => {
    const event = cloudCodeEventOf<GeminiResponse>(data)
    if (event) for (const chunk of translator.push(event)) writeDataEvent(res, chunk)
  })
  if (!whole) {
    // No finish chunk and no [DONE]: the SDK raises the error instead of returning half an answer.
    endStreamWithError(res, 'openai', BROKEN_STREAM_MESSAGE)
    return
  }
  for (const chunk of translator.finish()) writeDataEvent(res, chunk)
  for (const { toolCallId, signature } of translator.signatures())
    signatures.remember(toolCallId, signature)
  writeDataEvent(res, '[DONE]')
  res.end()
}

async function answerOnce(
  upstream: IncomingMessage,
  res: Response,
  meta: OpenAiResponseMeta,
  signatures: SignatureCache,
): Promise<void> {
  const events = requireGeminiEvents<GeminiResponse>(await readBody(upstream))
  const { completion, signatures: found } = geminiToOpenAi(mergeGeminiStream(events), meta)
  for (const { toolCallId, signature } of found) signatures.remember(toolCallId, signature)
  sendJsonAnswer(res, 200, completion)
}
