/**
 * Gemini 3 signs its function calls and refuses a later turn whose calls lost their signature.
 * OpenAI clients have nowhere to keep it, so agtray remembers it by tool call id and puts it back
 * when the history returns. Bounded: the oldest entries go first.
 */
export interface SignatureCache {
  remember(toolCallId: string, signature: string): void
  get(toolCallId: string): string | undefined
}

export function createSignatureCache(maxEntries = 10_000): SignatureCache {
  const entries = new Map<string, string>()
  return {
    remember(toolCallId, signature) {
      entries.delete(toolCallId)
      entries.set(toolCallId, signature)
      if (entries.size > maxEntries) {
        const oldest = entries.keys().next().value
        if (oldest !== undefined) entries.delete(oldest)
      }
    },
    get: (toolCallId) => entries.get(toolCallId),
  }
}
