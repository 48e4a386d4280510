import type { StopReason } from './anthropic-types'

const refusals = new Set([
  'SAFETY',
  'PROHIBITED_CONTENT',
  'BLOCKLIST',
  'SPII',
  'RECITATION',
  'IMAGE_SAFETY',
])

/** Gemini's finishReason in Anthropic's words; a tool call always means `tool_use`. */
export function anthropicStopReason(
  geminiReason: string | undefined,
  sawToolUse: boolean,
): StopReason {
  if (sawToolUse) return 'tool_use'
  if (geminiReason === 'MAX_TOKENS') return 'max_tokens'
  if (geminiReason && refusals.has(geminiReason)) return 'refusal'
  return 'end_turn'
}
