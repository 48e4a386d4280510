/** Anthropic's rough rule: about four characters a token. Images count as a typical picture. */
const CHARS_PER_TOKEN = 4
const IMAGE_TOKENS = 1600

function measure(value: unknown): { chars: number; images: number } {
  if (typeof value === 'string') return { chars: value.length, images: 0 }
  if (Array.isArray(value)) {
    return value.reduce<{ chars: number; images: number }>(
      (total, item) => {
        const inner = measure(item)
        return { chars: total.chars + inner.chars, images: total.images + inner.images }
      },
      { chars: 0, images: 0 },
    )
  }
  if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>
    if (record.type === 'image' || record.type === 'document') return { chars: 0, images: 1 }
    if (record.type === 'text') return measure(record.text)
    if (record.type === 'thinking') return measure(record.thinking)
    if (record.type === 'tool_use')
      return {
        chars: JSON.stringify(record.input ?? {}).length + String(record.name ?? '').length,
        images: 0,
      }
    if (record.type === 'tool_result') return measure(record.content)
    if ('content' in record) return measure(record.content)
  }
  return { chars: 0, images: 0 }
}

/**
 * A local estimate of a request's input tokens: deterministic, instant, and without spending an
 * account's quota on counting (Cloud Code does not offer Claude token counts).
 */
export function estimateInputTokens(request: {
  system?: unknown
  messages: unknown[]
  tools?: unknown
}): number {
  const content = measure([request.system ?? '', ...request.messages])
  const tools = Array.isArray(request.tools) ? JSON.stringify(request.tools).length : 0
  return Math.max(
    1,
    Math.ceil((content.chars + tools) / CHARS_PER_TOKEN) + content.images * IMAGE_TOKENS,
  )
}
