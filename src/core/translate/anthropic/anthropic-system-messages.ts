import type { GeminiPart } from '../gemini/gemini-types'
import type { AnthropicMessage } from './anthropic-request-schema'

type SystemMessage = Extract<AnthropicMessage, { role: 'system' }>

/** The text of a system message (tool_addition / tool_removal blocks carry no instruction). */
export function systemMessageTexts(message: SystemMessage): string[] {
  const { content } = message
  if (content === undefined) return []
  const texts =
    typeof content === 'string'
      ? [content]
      : content.flatMap((block) =>
          block.type === 'text' && typeof block.text === 'string' ? [block.text] : [],
        )
  return texts.filter((text) => text !== '')
}

/**
 * A mid-conversation system message is an instruction at that point of the conversation. It goes
 * into the turn where it stands, as user text in a `<system-reminder>` tag, rather than into
 * systemInstruction:
 * - its place matters: it applies from there on (Claude Code puts the date, the environment and
 *   the deferred-tool list after the user's words of that turn), and appending it to
 *   systemInstruction would move it before the whole history;
 * - systemInstruction leads the prompt, so growing it on each turn would defeat prompt caching,
 *   the very thing Claude's mid-conversation system messages exist to keep;
 * - Gemini has only user and model turns, and Claude behind Cloud Code refuses a conversation
 *   that ends on a model turn; as user text it merges into the user turn it follows, so the
 *   conversation still ends on the user;
 * - Claude Code's own system prompt tells the model that `<system-reminder>` text comes from the
 *   system, not from the user, and for any model the tag sets it apart from the user's words.
 * System messages before the first turn are the system prompt in all but name: the translator
 * appends those to systemInstruction.
 */
export function systemReminderPart(texts: readonly string[]): GeminiPart {
  return { text: `<system-reminder>\n${texts.join('\n\n')}\n</system-reminder>` }
}

/**
 * Claude shows a `clear_at: "next_user_message"` system message only until a later user message
 * exists; the client keeps sending it, but it is no longer meant for the model.
 */
export function isClearedSystemMessage(
  messages: readonly AnthropicMessage[],
  index: number,
): boolean {
  const message = messages[index]
  if (message?.role !== 'system' || message.clear_at !== 'next_user_message') return false
  return messages.slice(index + 1).some((later) => later.role === 'user')
}
