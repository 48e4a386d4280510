import type { GeminiContent } from './gemini-types'

/**
 * Claude behind Antigravity refuses a conversation ending on an assistant turn (a "prefill",
 * which Claude Code's side requests use to force JSON). The prefix becomes an instruction at the
 * end of the last user turn instead. Returns new contents; the input is not modified.
 */
export function foldTrailingPrefill(contents: readonly GeminiContent[]): GeminiContent[] {
  const last = contents.at(-1)
  if (last?.role !== 'model' || contents.length < 2) return [...contents]
  const prefix = last.parts.map((part) => (part.thought ? '' : (part.text ?? ''))).join('')
  const folded = contents.slice(0, -1)
  const lastUser = folded.at(-1)
  if (!lastUser || prefix === '') return folded
  folded[folded.length - 1] = {
    ...lastUser,
    parts: [...lastUser.parts, { text: `(Begin your answer with exactly this text: ${prefix})` }],
  }
  return folded
}
