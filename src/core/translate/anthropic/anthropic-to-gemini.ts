import type { GeminiRequest } from '../gemini/gemini-types'
import type { SchemaCleaner } from '../gemini/schema-cleaner-cache'
import { generationConfigOf } from './anthropic-generation-config'
import { foldTrailingPrefill } from '../gemini/fold-prefill'
import type { MessagesRequest } from './anthropic-request-schema'
import { sessionIdOf } from './anthropic-session-id'
import { toolsToGemini } from './anthropic-tools'
import { turnsOf } from './anthropic-turns'
import { TranslationError } from '../translation-error'

export { TranslationError } from '../translation-error'

export interface AnthropicToGeminiOptions {
  /** Fold a trailing assistant prefill into the last user turn (Claude models need it). */
  foldPrefill?: boolean
  /** The `x-claude-code-session-id` request header, which names the conversation. */
  sessionHeader?: string
  /** Thinking text agtray withheld from the client (`display: "omitted"`), by signature. */
  recallThinking?: (signature: string) => string | undefined
  /** Tool schemas to Google's (default: cleaned each time; routes pass a cached cleaner). */
  cleanSchema?: SchemaCleaner
}

/**
 * An Anthropic Messages request as Cloud Code's Gemini request. Throws TranslationError for a
 * request the client must fix (an image by URL, a tool_result for an unknown tool_use id…).
 */
export function anthropicToGemini(
  request: MessagesRequest,
  options: AnthropicToGeminiOptions = {},
): GeminiRequest {
  const turns = turnsOf(request, options.recallThinking)
  const contents = options.foldPrefill ? foldTrailingPrefill(turns.contents) : turns.contents
  if (contents.length === 0) throw new TranslationError('messages: there is no content to send')

  const result: GeminiRequest = { contents }
  const system = systemInstructionOf(request.system, turns.leadingSystem)
  if (system) result.systemInstruction = system
  Object.assign(result, toolsToGemini(request, options.cleanSchema))
  const generationConfig = generationConfigOf(request)
  if (generationConfig) result.generationConfig = generationConfig
  const sessionId = sessionIdOf(options.sessionHeader, request.metadata?.user_id)
  if (sessionId) result.sessionId = sessionId
  return result
}

function systemInstructionOf(
  system: MessagesRequest['system'],
  leadingSystem: readonly string[],
): GeminiRequest['systemInstruction'] {
  const texts =
    typeof system === 'string'
      ? [system]
      : (system ?? []).flatMap((block) =>
          block.type === 'text' && typeof block.text === 'string' ? [block.text] : [],
        )
  const parts = [...texts, ...leadingSystem].filter((text) => text !== '').map((text) => ({ text }))
  return parts.length > 0 ? { role: 'user', parts } : undefined
}
