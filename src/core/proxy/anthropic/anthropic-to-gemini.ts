import type { GeminiContent, GeminiRequest } from '../gemini/gemini-types'
import { generationConfigOf } from './anthropic-generation-config'
import { blocksOf, partsOf, recordToolUses } from './anthropic-parts'
import { foldTrailingPrefill } from './anthropic-prefill'
import type { MessagesRequest } from './anthropic-request-schema'
import { toolsToGemini } from './anthropic-tools'
import { TranslationError } from './translation-error'

export { TranslationError } from './translation-error'

export interface AnthropicToGeminiOptions {
  /** Fold a trailing assistant prefill into the last user turn (Claude models need it). */
  foldPrefill?: boolean
}

/**
 * An Anthropic Messages request as Cloud Code's Gemini request. Throws TranslationError for a
 * request the client must fix (an image by URL, a tool_result for an unknown tool_use id…).
 */
export function anthropicToGemini(
  request: MessagesRequest,
  options: AnthropicToGeminiOptions = {},
): GeminiRequest {
  let contents = contentsOf(request.messages)
  if (options.foldPrefill) contents = foldTrailingPrefill(contents)
  if (contents.length === 0) throw new TranslationError('messages: there is no content to send')

  const result: GeminiRequest = { contents }
  const system = systemInstructionOf(request.system)
  if (system) result.systemInstruction = system
  Object.assign(result, toolsToGemini(request))
  const generationConfig = generationConfigOf(request)
  if (generationConfig) result.generationConfig = generationConfig
  // The Antigravity client sends one sessionId per conversation; Claude Code's user_id names its
  // session the same way.
  if (request.metadata?.user_id) result.sessionId = request.metadata.user_id
  return result
}

function contentsOf(messages: MessagesRequest['messages']): GeminiContent[] {
  const contents: GeminiContent[] = []
  const toolNames = new Map<string, string>()
  for (const [index, message] of messages.entries()) {
    const blocks = blocksOf(message.content)
    const role = message.role === 'assistant' ? 'model' : 'user'
    const parts = partsOf(blocks, `messages[${index}]`, toolNames)
    if (role === 'model') recordToolUses(blocks, toolNames)
    if (parts.length === 0) continue
    const last = contents.at(-1)
    // Gemini wants turns to alternate: consecutive turns of one role become one.
    if (last?.role === role) last.parts.push(...parts)
    else contents.push({ role, parts })
  }
  return contents
}

function systemInstructionOf(
  system: MessagesRequest['system'],
): GeminiRequest['systemInstruction'] {
  if (!system) return undefined
  const texts =
    typeof system === 'string'
      ? [system]
      : system.flatMap((block) =>
          block.type === 'text' && typeof block.text === 'string' ? [block.text] : [],
        )
  const parts = texts.filter((text) => text !== '').map((text) => ({ text }))
  return parts.length > 0 ? { role: 'user', parts } : undefined
}
