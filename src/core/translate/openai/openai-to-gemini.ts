import { foldTrailingPrefill } from '../gemini/fold-prefill'
import type { GeminiRequest } from '../gemini/gemini-types'
import type { SchemaCleaner } from '../gemini/schema-cleaner-cache'
import { generationConfigFor } from './openai-generation-config'
import { messagesToGemini } from './openai-messages'
import type { ChatCompletionRequest } from './openai-request-schema'
import { toolsToGemini } from './openai-tools'

export { TranslationError } from '../translation-error'

export interface OpenAiToGeminiOptions {
  /** The signature Gemini gave with a tool call we returned earlier (cached by the route). */
  signatureFor(toolCallId: string): string | undefined
  /** Fold a trailing assistant message into the last user turn (Claude models refuse prefill). */
  foldPrefill?: boolean
  /** Tool schemas to Google's (default: cleaned each time; routes pass a cached cleaner). */
  cleanSchema?: SchemaCleaner
}

/**
 * Translates an OpenAI Chat Completions request into a Gemini request (the `request` of the
 * Cloud Code envelope). Throws TranslationError for client mistakes worth a 400.
 */
export function openAiToGemini(
  request: ChatCompletionRequest,
  options: OpenAiToGeminiOptions,
): GeminiRequest {
  const generationConfig = generationConfigFor(request)
  const conversation = messagesToGemini(request.messages, (id) => options.signatureFor(id))
  if (options.foldPrefill) conversation.contents = foldTrailingPrefill(conversation.contents)
  return {
    ...conversation,
    ...toolsToGemini(request, options.cleanSchema),
    ...(Object.keys(generationConfig).length > 0 ? { generationConfig } : {}),
    ...sessionOf(request),
  }
}

/** The client's own name for the conversation, when it gives one (else the forwarder derives one). */
const sessionOf = (request: ChatCompletionRequest): { sessionId?: string } => {
  const named = request.prompt_cache_key?.trim() || request.user?.trim()
  return named ? { sessionId: named } : {}
}
