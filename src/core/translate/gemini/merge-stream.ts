import type { GeminiPart, GeminiResponse } from './gemini-types'

/**
 * Collects a streamed answer into one response, as `generateContent` would have returned it:
 * consecutive text parts of the same kind (answer or thought) are joined, and the empty part that
 * closes a text with its signature lands on that text; other parts keep their order; the last
 * event's finish reason and (cumulative) usage win. agtray always streams from
 * Cloud Code, like the Antigravity client, and collects for clients that did not ask to stream.
 */
export function mergeGeminiStream(events: readonly GeminiResponse[]): GeminiResponse {
  const parts: GeminiPart[] = []
  let merged: GeminiResponse = {}
  let finishReason: string | undefined
  for (const event of events) {
    const { candidates, ...rest } = event
    merged = { ...merged, ...rest }
    const candidate = candidates?.[0]
    if (!candidate) continue
    if (candidate.finishReason) finishReason = candidate.finishReason
    for (const part of candidate.content?.parts ?? []) appendPart(parts, part)
  }
  return {
    ...merged,
    candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}) }],
  }
}

const isPlainText = (part: GeminiPart): boolean =>
  typeof part.text === 'string' && !part.functionCall && !part.functionResponse && !part.inlineData

function appendPart(parts: GeminiPart[], part: GeminiPart): void {
  const last = parts.at(-1)
  if (
    last &&
    isPlainText(last) &&
    isPlainText(part) &&
    Boolean(last.thought) === Boolean(part.thought) &&
    !last.thoughtSignature
  ) {
    parts[parts.length - 1] = { ...last, ...part, text: `${last.text ?? ''}${part.text ?? ''}` }
    return
  }
  parts.push({ ...part })
}
