import type { GeminiPart } from '../gemini/gemini-types'
import type { AnthropicContentBlock } from './anthropic-request-schema'
import { TranslationError } from './translation-error'

type Source = { type?: unknown; media_type?: unknown; data?: unknown; url?: unknown }

const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '')

/** An image or document block as inline data; Cloud Code cannot fetch URLs itself. */
export function inlineDataOf(block: AnthropicContentBlock, where: string): GeminiPart {
  const source = (block.source ?? {}) as Source
  if (
    source.type === 'base64' &&
    typeof source.data === 'string' &&
    typeof source.media_type === 'string'
  ) {
    return { inlineData: { mimeType: source.media_type, data: source.data } }
  }
  if (source.type === 'text' && typeof source.data === 'string') return { text: source.data }
  throw new TranslationError(
    `${where} (${block.type}): send it as base64 (source.type "base64" with media_type and data); agtray cannot fetch ${source.type === 'url' ? 'URLs' : 'this source'}`,
  )
}

/** A tool_result's content: its text joined, and its images as inline data. */
export function toolResultContent(
  content: unknown,
  where: string,
): { text: string; media: GeminiPart[] } {
  if (typeof content === 'string') return { text: content, media: [] }
  if (!Array.isArray(content)) return { text: '', media: [] }
  const texts: string[] = []
  const media: GeminiPart[] = []
  for (const [index, item] of (content as AnthropicContentBlock[]).entries()) {
    if (item.type === 'text') texts.push(stringOf(item.text))
    else if (item.type === 'image' || item.type === 'document')
      media.push(inlineDataOf(item, `${where}.content[${index}]`))
  }
  return { text: texts.join('\n'), media }
}
