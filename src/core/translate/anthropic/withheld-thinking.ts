/**
 * Thinking text agtray did not show the client (`thinking.display: "omitted"`), by signature.
 * Claude's API keeps omitted thinking inside its signature; Cloud Code's Claude checks a
 * signature against the thinking text sent with it, so agtray keeps the text and puts it back
 * when the client returns the empty signed block. Bounded by characters, oldest first out: a
 * conversation only needs the thinking of its latest turns.
 */
export interface WithheldThinking {
  remember(signature: string, thinking: string): void
  recall(signature: string): string | undefined
}

export function createWithheldThinking(maxChars = 16_000_000): WithheldThinking {
  const entries = new Map<string, string>()
  let chars = 0
  const forget = (signature: string): void => {
    const text = entries.get(signature)
    if (text === undefined) return
    entries.delete(signature)
    chars -= text.length
  }
  return {
    remember(signature, thinking) {
      forget(signature)
      if (thinking.length > maxChars) return
      entries.set(signature, thinking)
      chars += thinking.length
      for (const oldest of entries.keys()) {
        if (chars <= maxChars) break
        forget(oldest)
      }
    },
    recall: (signature) => entries.get(signature),
  }
}
