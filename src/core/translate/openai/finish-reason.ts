import type { OpenAiFinishReason } from './openai-types'

const filtered = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
  'IMAGE_SAFETY',
])

/**
 * Maps Gemini's finish reason to OpenAI's. A tool call wins over everything: agent clients run
 * the tools only when they see 'tool_calls', and Gemini only ever sends complete calls.
 * MALFORMED_FUNCTION_CALL and OTHER have no OpenAI counterpart; 'stop' lets the client go on.
 */
export function openAiFinishReason(
  geminiReason: string | undefined,
  sawToolCall: boolean,
): OpenAiFinishReason {
  if (sawToolCall) return 'tool_calls'
  if (geminiReason === 'MAX_TOKENS') return 'length'
  if (geminiReason && filtered.has(geminiReason)) return 'content_filter'
  return 'stop'
}
