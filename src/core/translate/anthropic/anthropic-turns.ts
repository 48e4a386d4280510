import type { GeminiContent, GeminiRole } from '../gemini/gemini-types'
import { thinkingTurnsToKeep } from './anthropic-context-management'
import { blocksOf, partsOf, recordToolUses } from './anthropic-parts'
import type { MessagesRequest } from './anthropic-request-schema'
import {
  isClearedSystemMessage,
  systemMessageTexts,
  systemReminderPart,
} from './anthropic-system-messages'

export interface Turns {
  contents: GeminiContent[]
  /** The text of system messages before the first turn, for systemInstruction. */
  leadingSystem: string[]
}

/**
 * The messages as Gemini turns. Gemini wants user and model turns to alternate, so consecutive
 * turns of one role become one; system messages become user text where they stand (see
 * anthropic-system-messages.ts).
 */
export function turnsOf(
  request: Pick<MessagesRequest, 'messages' | 'context_management'>,
  recallThinking?: (signature: string) => string | undefined,
): Turns {
  const { messages } = request
  const contents: GeminiContent[] = []
  const leadingSystem: string[] = []
  const toolNames = new Map<string, string>()
  const keepThinking = thinkingTurnsToKeep(request)
  let assistantsLeft = messages.filter((message) => message.role === 'assistant').length
  let seenTurn = false
  const add = (role: GeminiRole, parts: GeminiContent['parts']): void => {
    if (parts.length === 0) return
    const last = contents.at(-1)
    if (last?.role === role) last.parts.push(...parts)
    else contents.push({ role, parts })
  }

  for (const [index, message] of messages.entries()) {
    if (message.role === 'system') {
      if (isClearedSystemMessage(messages, index)) continue
      const texts = systemMessageTexts(message)
      if (!seenTurn) leadingSystem.push(...texts)
      else if (texts.length > 0) add('user', [systemReminderPart(texts)])
      continue
    }
    seenTurn = true
    const blocks = blocksOf(message.content)
    const isAssistant = message.role === 'assistant'
    // assistantsLeft counts this assistant message and the ones after it.
    const keepThoughts = !isAssistant || assistantsLeft <= keepThinking
    if (isAssistant) assistantsLeft--
    const parts = partsOf(blocks, `messages[${index}]`, { toolNames, keepThoughts, recallThinking })
    if (isAssistant) recordToolUses(blocks, toolNames)
    add(isAssistant ? 'model' : 'user', parts)
  }
  return { contents, leadingSystem }
}
