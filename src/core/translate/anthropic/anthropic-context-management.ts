import type { MessagesRequest } from './anthropic-request-schema'

/**
 * How many of the latest assistant messages keep their thinking text, from a
 * `clear_thinking_20251015` edit (Infinity: all). With `keep: {type: "thinking_turns", value}`,
 * older thinking is dropped as Claude would drop it, saving the tokens; signatures stay on the
 * calls, which Gemini needs, and the latest message always keeps its thinking, which Claude
 * requires while its tools run. Without an explicit count (`"all"`, Claude Code's choice, or a
 * missing `keep`, whose default differs between Claude models) nothing is dropped: keeping
 * more only costs tokens, dropping too much would make upstream refuse the history.
 * Other edits (clear_tool_uses_20250919, compact_…) are ignored for the same reason: they trim
 * by token thresholds agtray cannot measure, and ignoring them only sends more context.
 */
export function thinkingTurnsToKeep(request: Pick<MessagesRequest, 'context_management'>): number {
  const edit = request.context_management?.edits?.find(
    (candidate) => candidate.type === 'clear_thinking_20251015',
  )
  const keep: unknown = edit?.keep
  if (isRecord(keep) && keep.type === 'thinking_turns' && typeof keep.value === 'number')
    return Math.max(1, Math.floor(keep.value))
  return Infinity
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
