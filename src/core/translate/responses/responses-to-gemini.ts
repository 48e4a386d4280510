import { foldTrailingPrefill } from '../gemini/fold-prefill'
import type { GeminiRequest } from '../gemini/gemini-types'
import type { SchemaCleaner } from '../gemini/schema-cleaner-cache'
import { TranslationError } from '../translation-error'
import { generationConfigFor } from './responses-generation-config'
import { inputToGemini } from './responses-input'
import type { ResponsesRequest } from './responses-request-schema'
import type { ToolNames } from './responses-tools'
import { toolsToGemini } from './responses-tools'

export { TranslationError } from '../translation-error'

export interface ResponsesToGeminiOptions {
  names: ToolNames
  /** The signature Gemini gave with a call agtray returned earlier (cached by the route). */
  signatureFor(callId: string): string | undefined
  /** Claude behind Cloud Code refuses a conversation ending on an assistant turn. */
  foldPrefill: boolean
  /** Tool schemas to Google's (default: cleaned each time; routes pass a cached cleaner). */
  cleanSchema?: SchemaCleaner
}

export interface ResponsesTranslation {
  request: GeminiRequest
  /** Tool types left out because Google cannot run them, for the route to log. */
  droppedTools: string[]
}

/**
 * Translates a Responses request into a Gemini request (the `request` of the Cloud Code
 * envelope). Throws TranslationError for client mistakes worth a 400.
 */
export function responsesToGemini(
  body: ResponsesRequest,
  options: ResponsesToGeminiOptions,
): ResponsesTranslation {
  if (body.previous_response_id) {
    throw new TranslationError(
      'previous_response_id: agtray keeps no responses; send the whole conversation in input (as Codex does with store: false)',
    )
  }
  const input = inputToGemini(body.input ?? [], options)
  const system = [...(body.instructions ? [body.instructions] : []), ...input.system]
  const contents = options.foldPrefill ? foldTrailingPrefill(input.contents) : input.contents
  if (contents.length === 0)
    throw new TranslationError('input: send at least one user message or function output')
  const { dropped, ...tools } = toolsToGemini(body, options.names, options.cleanSchema)
  const generationConfig = generationConfigFor(body)
  return {
    request: {
      contents,
      ...(system.length > 0
        ? { systemInstruction: { role: 'user', parts: [{ text: system.join('\n\n') }] } }
        : {}),
      ...tools,
      ...(Object.keys(generationConfig).length > 0 ? { generationConfig } : {}),
      // Codex's conversation id: Cloud Code keys its prompt cache on the session.
      ...sessionOf(body.prompt_cache_key || body.user),
    },
    droppedTools: dropped,
  }
}

/** Codex names its conversation in prompt_cache_key; else the end user, when given. */
const sessionOf = (named: string | null | undefined): { sessionId?: string } =>
  named ? { sessionId: named } : {}
