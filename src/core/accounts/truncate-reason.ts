const ELLIPSIS = '...'

/**
 * Cuts `text` to at most `maxBytes` UTF-8 bytes without splitting a character, ending with `...`
 * when it had to cut (as the reference does, so long Google error bodies do not bloat the file).
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text
  const budget = Math.max(0, maxBytes - ELLIPSIS.length)
  let used = 0
  let end = 0
  // Iterating a string yields whole code points, so surrogate pairs stay together.
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8')
    if (used + size > budget) break
    used += size
    end += char.length
  }
  return text.slice(0, end) + ELLIPSIS
}

export const DISABLED_REASON_MAX_BYTES = 800
