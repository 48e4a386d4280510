/** Gemini's reasons for withholding an answer, all of them a refusal to an Anthropic client. */
const refusals: ReadonlySet<string> = new Set([
  'SAFETY',
  'PROHIBITED_CONTENT',
  'BLOCKLIST',
  'SPII',
  'RECITATION',
  'IMAGE_SAFETY',
])

/**
 * Gemini's finishReason in Anthropic's words. Gemini says STOP after a function call; clients
 * run tools only on `tool_use`. A missing or unusual reason (the stream ended early, OTHER…)
 * with a complete call in hand still says `tool_use`, so the client answers the call.
 */
export function anthropicStopReason(
  geminiReason: string | undefined,
  sawToolUse: boolean,
): 'end_turn' | 'max_tokens' | 'tool_use' | 'refusal' {
  if (geminiReason === 'MAX_TOKENS') return 'max_tokens'
  if (geminiReason !== undefined && refusals.has(geminiReason)) return 'refusal'
  return sawToolUse ? 'tool_use' : 'end_turn'
}
