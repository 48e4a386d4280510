import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import type { RequestHandler, Response } from 'express'
import { Router } from 'express'
import { anthropicToGemini } from '../../../translate/anthropic/anthropic-to-gemini'
import {
  countTokensRequestSchema,
  messagesRequestSchema,
} from '../../../translate/anthropic/anthropic-request-schema'
import { createAnthropicStreamTranslator } from '../../../translate/anthropic/anthropic-stream-translator'
import { estimateInputTokens } from '../../../translate/anthropic/count-tokens'
import type { AnthropicResponseMeta } from '../../../translate/anthropic/gemini-to-anthropic'
import { geminiToAnthropic } from '../../../translate/anthropic/gemini-to-anthropic'
import { isSideRequest } from '../../../translate/anthropic/side-request'
import { createWithheldThinking } from '../../../translate/anthropic/withheld-thinking'
import type { CloudCodeForwarder } from '../cloud-code-forwarder'
import { readBody } from '../cloud-code-forwarder'
import type { GeminiResponse } from '../../../translate/gemini/gemini-types'
import { mergeGeminiStream } from '../../../translate/gemini/merge-stream'
import { sendJsonAnswer } from '../json-answer'
import { createCachedSchemaCleaner } from '../../../translate/gemini/schema-cleaner-cache'
import type { ModelCatalog } from '../../../models/model-catalog'
import { sendProtocolError } from '../protocol-errors'
import { cloudCodeEventOf, requireGeminiEvents } from '../sse-events'
import { BROKEN_STREAM_MESSAGE, endStreamWithError, readStreamToEnd } from '../stream-break'
import { startEventStream, writeNamedEvent } from '../stream-writers'
import { describeZodError } from '../../zod-issue'

export interface AnthropicRouteDeps {
  forwarder: CloudCodeForwarder
  jsonBody: RequestHandler
  catalog: ModelCatalog
  /** Where Claude Code's side requests go (settings `proxy.background_model`); null: nowhere else. */
  backgroundModel: () => string | null
}

/** Keeps Claude Code's connection open while a thinking model is silent. */
const PING_INTERVAL_MS = 15_000

/** `/v1/messages` (Claude Code, the Anthropic SDK) and `/v1/messages/count_tokens`. */
export function createAnthropicRouter(deps: AnthropicRouteDeps): Router {
  const router = Router()
  const withheld = createWithheldThinking()
  const cleanSchema = createCachedSchemaCleaner()
  const invalid = (res: Response, message: string) =>
    sendProtocolError(res, 'anthropic', { status: 400, kind: 'invalid_request', message })

  router.post('/v1/messages/count_tokens', deps.jsonBody, (req, res) => {
    const parsed = countTokensRequestSchema.safeParse(req.body)
    if (!parsed.success) {
      invalid(res, describeZodError(parsed.error))
      return
    }
    sendJsonAnswer(res, 200, { input_tokens: estimateInputTokens(parsed.data) })
  })

  router.post('/v1/messages', deps.jsonBody, async (req, res, next) => {
    const parsed = messagesRequestSchema.safeParse(req.body)
    if (!parsed.success) {
      invalid(res, describeZodError(parsed.error))
      return
    }
    const body = parsed.data
    const meta: AnthropicResponseMeta = {
      id: `msg_${randomUUID().replaceAll('-', '')}`,
      model: body.model,
      ...(body.thinking?.display === 'omitted'
        ? { withholdThinking: (signature, thinking) => withheld.remember(signature, thinking) }
        : {}),
    }
    // Claude's cache pre-warm: nothing to generate, and Cloud Code's cache cannot be warmed.
    if (body.max_tokens === 0) {
      answerWithoutGenerating(res, meta, body.stream === true)
      return
    }
    const background = deps.backgroundModel()
    const routed = background !== null && isSideRequest(body) ? background : body.model
    const model = deps.catalog.resolve(routed).model
    // A TranslationError goes to the error handler, which answers 400 in this protocol's format.
    const request = anthropicToGemini(body, {
      foldPrefill: model.includes('claude'),
      sessionHeader: req.get('x-claude-code-session-id'),
      recallThinking: (signature) => withheld.recall(signature),
      cleanSchema,
    })
    await deps.forwarder.forward(req, res, next, {
      protocol: 'anthropic',
      model,
      method: 'streamGenerateContent',
      request: request as Record<string, unknown>,
      onSuccess: body.stream
        ? (upstream, response) => streamEvents(upstream, response, meta)
        : (upstream, response) => answerOnce(upstream, response, meta),
    })
  })
  return router
}

async function streamEvents(
  upstream: IncomingMessage,
  res: Response,
  meta: AnthropicResponseMeta,
): Promise<void> {
  startEventStream(res)
  const translator = createAnthropicStreamTranslator(meta)
  const ping = setInterval(() => writeNamedEvent(res, 'ping', { type: 'ping' }), PING_INTERVAL_MS)
  try {
    const whole = await readStreamToEnd(upstream, (data) => {
      const event = cloudCodeEventOf<GeminiResponse>(data)
      if (event) for (const out of translator.push(event)) writeNamedEvent(res, out.event, out.data)
    })
    // No message_stop: the SDK raises the error event instead of returning half a message.
    if (!whole) endStreamWithError(res, 'anthropic', BROKEN_STREAM_MESSAGE)
    else for (const out of translator.finish()) writeNamedEvent(res, out.event, out.data)
  } finally {
    clearInterval(ping)
    res.end()
  }
}

function answerWithoutGenerating(res: Response, meta: AnthropicResponseMeta, stream: boolean) {
  const ended: GeminiResponse = { candidates: [{ finishReason: 'MAX_TOKENS' }] }
  if (!stream) {
    sendJsonAnswer(res, 200, geminiToAnthropic(ended, meta))
    return
  }
  startEventStream(res)
  const translator = createAnthropicStreamTranslator(meta)
  for (const out of [...translator.push(ended), ...translator.finish()])
    writeNamedEvent(res, out.event, out.data)
  res.end()
}

async function answerOnce(
  upstream: IncomingMessage,
  res: Response,
  meta: AnthropicResponseMeta,
): Promise<void> {
  const events = requireGeminiEvents<GeminiResponse>(await readBody(upstream))
  sendJsonAnswer(res, 200, geminiToAnthropic(mergeGeminiStream(events), meta))
}
