import type { IncomingMessage } from 'node:http'
import type { RequestHandler, Response } from 'express'
import { Router } from 'express'
import type { Logger } from '../../../logging/logger'
import { describeError } from '../../../logging/logger'
import type { Clock } from '../../../runtime/clock'
import type { CloudCodeForwarder } from '../cloud-code-forwarder'
import { readBody } from '../cloud-code-forwarder'
import type { GeminiResponse } from '../../../translate/gemini/gemini-types'
import { sendJsonAnswer } from '../json-answer'
import { createCachedSchemaCleaner } from '../../../translate/gemini/schema-cleaner-cache'
import type { ModelCatalog } from '../../../models/model-catalog'
import { sendProtocolError } from '../protocol-errors'
import { wantsSummary } from '../../../translate/responses/responses-generation-config'
import { echoedFields, newId } from '../../../translate/responses/responses-object'
import { responsesRequestSchema } from '../../../translate/responses/responses-request-schema'
import type { ResponsesStreamTranslator } from '../../../translate/responses/responses-stream-translator'
import { createResponsesStreamTranslator } from '../../../translate/responses/responses-stream-translator'
import { responsesToGemini } from '../../../translate/responses/responses-to-gemini'
import { createToolNames } from '../../../translate/responses/responses-tools'
import type { ResponsesStreamEvent } from '../../../translate/responses/responses-types'
import { cloudCodeEventOf, forEachSseData, requireGeminiEvents } from '../sse-events'
import { BROKEN_STREAM_MESSAGE } from '../stream-break'
import { startEventStream, writeNamedEvent } from '../stream-writers'
import type { SignatureCache } from '../thought-signature-cache'
import { describeZodError } from '../../zod-issue'

export interface OpenAiResponsesRouteDeps {
  forwarder: CloudCodeForwarder
  jsonBody: RequestHandler
  catalog: ModelCatalog
  signatures: SignatureCache
  clock: Clock
  logger: Logger
}

const ENCRYPTED_REASONING = 'reasoning.encrypted_content'

/**
 * `/v1/responses` (Codex, `client.responses.*` of the openai SDK), translated to and from Cloud
 * Code's Gemini. agtray stores no responses: clients send the whole conversation each time, as
 * Codex does with `store: false`.
 */
export function createOpenAiResponsesRouter(deps: OpenAiResponsesRouteDeps): Router {
  const router = Router()
  const cleanSchema = createCachedSchemaCleaner()
  const invalid = (res: Response, message: string) =>
    sendProtocolError(res, 'openai', {
      status: 400,
      kind: 'invalid_request',
      code: 'invalid_request',
      message,
    })
  // Codex declares web_search on every turn: one line per kind of drop, not one per request.
  const warned = new Set<string>()
  const warnDropped = (types: string[]) => {
    const key = types.join(', ')
    if (types.length === 0 || warned.has(key)) return
    warned.add(key)
    deps.logger.warn(`Responses API: left out tools Google cannot run: ${key}`)
  }

  router.post('/v1/responses', deps.jsonBody, async (req, res, next) => {
    const parsed = responsesRequestSchema.safeParse(req.body)
    if (!parsed.success) {
      invalid(res, describeZodError(parsed.error))
      return
    }
    const body = parsed.data
    const model = deps.catalog.resolve(body.model).model
    const names = createToolNames(body)
    // A TranslationError goes to the error handler, which answers 400 in this protocol's format.
    const translation = responsesToGemini(body, {
      names,
      signatureFor: (callId) => deps.signatures.get(callId),
      foldPrefill: model.includes('claude'),
      cleanSchema,
    })
    warnDropped(translation.droppedTools)
    const translator = createResponsesStreamTranslator({
      meta: {
        id: newId('resp'),
        createdAt: Math.floor(deps.clock.now() / 1000),
        model: body.model,
        echo: echoedFields(body, req.body as Record<string, unknown>),
      },
      names,
      showSummary: wantsSummary(body),
      includeEncrypted: body.include?.includes(ENCRYPTED_REASONING) ?? false,
      now: () => Math.floor(deps.clock.now() / 1000),
    })
    const remember = () => {
      for (const { toolCallId, signature } of translator.signatures())
        deps.signatures.remember(toolCallId, signature)
    }
    await deps.forwarder.forward(req, res, next, {
      protocol: 'openai',
      model,
      // Like the Antigravity client, always stream from Cloud Code; collect for clients that did not.
      method: 'streamGenerateContent',
      request: translation.request as Record<string, unknown>,
      onSuccess: body.stream
        ? (upstream, response) =>
            streamEvents(upstream, response, translator, deps.logger).finally(remember)
        : (upstream, response) => answerOnce(upstream, response, translator).finally(remember),
    })
  })
  return router
}

async function streamEvents(
  upstream: IncomingMessage,
  res: Response,
  translator: ResponsesStreamTranslator,
  logger: Logger,
): Promise<void> {
  startEventStream(res)
  // A client gone mid-stream: writing would raise on a closed socket.
  const clientGone = () => res.writableEnded || res.destroyed
  const write = (events: ResponsesStreamEvent[]) => {
    if (!clientGone()) for (const event of events) writeNamedEvent(res, event.type, event)
  }
  write(translator.start())
  try {
    await forEachSseData(upstream, (data) => {
      const event = cloudCodeEventOf<GeminiResponse>(data)
      if (event) write(translator.push(event))
    })
    if (!upstream.complete) throw new Error('the connection closed mid-answer')
    write(translator.finish())
  } catch (error) {
    // The forwarder cuts Google off when the client leaves; nothing broke then.
    if (clientGone()) return
    logger.warn(`Google's stream for /v1/responses broke off: ${describeError(error)}`)
    // Never a clean-looking end: the client must not take half an answer for the whole.
    write(translator.fail(BROKEN_STREAM_MESSAGE))
  } finally {
    res.end()
  }
}

async function answerOnce(
  upstream: IncomingMessage,
  res: Response,
  translator: ResponsesStreamTranslator,
): Promise<void> {
  const events = requireGeminiEvents<GeminiResponse>(await readBody(upstream))
  translator.start()
  for (const event of events) translator.push(event)
  translator.finish()
  sendJsonAnswer(res, 200, translator.response())
}
