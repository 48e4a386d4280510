import type { GeminiPart } from '../gemini/gemini-types'
import type { AnthropicContentBlock } from './anthropic-request-schema'
import { TranslationError } from '../translation-error'

type Source = {
  type?: unknown
  media_type?: unknown
  data?: unknown
  url?: unknown
  content?: unknown
}

const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '')

const textPart = (text: string): GeminiPart[] => (text === '' ? [] : [{ text }])

/**
 * An image or document block as Gemini parts: base64 as inline data, a text or content document
 * as its text and images. Cloud Code cannot fetch URLs or Anthropic's Files API itself, so those
 * are refused with how to send them instead.
 */
export function mediaPartsOf(block: AnthropicContentBlock, where: string): GeminiPart[] {
  const source = (block.source ?? {}) as Source
  return [...documentHeading(block), ...sourceParts(block, source, where)]
}

function sourceParts(block: AnthropicContentBlock, source: Source, where: string): GeminiPart[] {
  if (
    source.type === 'base64' &&
    typeof source.data === 'string' &&
    typeof source.media_type === 'string'
  ) {
    return [{ inlineData: { mimeType: source.media_type, data: source.data } }]
  }
  if (source.type === 'text' && typeof source.data === 'string') return textPart(source.data)
  if (block.type === 'document' && source.type === 'content') {
    if (typeof source.content === 'string') return textPart(source.content)
    if (Array.isArray(source.content)) return nestedParts(source.content, `${where}.source`)
  }
  const what =
    source.type === 'url' ? 'URLs' : source.type === 'file' ? 'Files API files' : 'this source'
  throw new TranslationError(
    `${where} (${block.type}): send it as base64 (source.type "base64" with media_type and data); agtray cannot fetch ${what}`,
  )
}

/** Claude shows a document's title and context with it; Gemini gets them as a line of text. */
function documentHeading(block: AnthropicContentBlock): GeminiPart[] {
  if (block.type !== 'document') return []
  const lines = [stringOf(block.title), stringOf(block.context)].filter((line) => line !== '')
  return lines.length > 0 ? [{ text: lines.join('\n') }] : []
}

/** A search result (RAG) block: its source, title and text, for the model to cite. */
export function searchResultText(block: AnthropicContentBlock): string {
  const texts = Array.isArray(block.content)
    ? (block.content as AnthropicContentBlock[]).map((item) => stringOf(item.text))
    : []
  return [`${stringOf(block.title)} (${stringOf(block.source)})`, ...texts].join('\n')
}

/** Blocks nested in a document or tool_result: text, images, documents and search results. */
function nestedParts(items: unknown[], where: string): GeminiPart[] {
  const { text, media } = nestedContent(items, where)
  return [...textPart(text), ...media]
}

function nestedContent(items: unknown[], where: string): { text: string; media: GeminiPart[] } {
  const texts: string[] = []
  const media: GeminiPart[] = []
  for (const [index, item] of (items as AnthropicContentBlock[]).entries()) {
    if (item.type === 'text') texts.push(stringOf(item.text))
    else if (item.type === 'search_result') texts.push(searchResultText(item))
    else if (item.type === 'image' || item.type === 'document') {
      for (const part of mediaPartsOf(item, `${where}.content[${index}]`)) {
        if (part.inlineData) media.push(part)
        else if (typeof part.text === 'string') texts.push(part.text)
      }
    }
    // tool_reference and other items name things Gemini does not have.
  }
  return { text: texts.filter((text) => text !== '').join('\n'), media }
}

/** A tool_result's content: its text joined, and its images and PDFs as inline data. */
export function toolResultContent(
  content: unknown,
  where: string,
): { text: string; media: GeminiPart[] } {
  if (typeof content === 'string') return { text: content, media: [] }
  if (!Array.isArray(content)) return { text: '', media: [] }
  return nestedContent(content, where)
}
