import type { GeminiInlineData, GeminiPart } from '../gemini/gemini-types'
import type { ChatCompletionUserContentPart } from './openai-request-schema'
import { TranslationError } from '../translation-error'

/** Maps OpenAI message content (a string or content parts) to Gemini parts. */
export function contentToParts(
  content: string | readonly ChatCompletionUserContentPart[],
  messageIndex: number,
): GeminiPart[] {
  if (typeof content === 'string') return textParts(content)
  return content.flatMap((part, index) =>
    partToGemini(part, `messages[${messageIndex}].content[${index}]`),
  )
}

/** Gemini refuses empty text parts, and clients send `""` freely. */
export const textParts = (text: string): GeminiPart[] => (text ? [{ text }] : [])

export const joinText = (content: string | readonly { text: string }[]): string =>
  typeof content === 'string' ? content : content.map((part) => part.text).join('')

function partToGemini(part: ChatCompletionUserContentPart, where: string): GeminiPart[] {
  switch (part.type) {
    case 'text':
      return textParts(part.text)
    case 'image_url': {
      const url = typeof part.image_url === 'string' ? part.image_url : part.image_url.url
      const inlineData = parseDataUrl(url)
      if (!inlineData) {
        throw new TranslationError(
          `${where} (image_url): agtray cannot fetch image URLs; send images as base64 data: URLs (data:image/png;base64,…)`,
        )
      }
      return [{ inlineData }]
    }
    case 'input_audio':
      return [
        {
          inlineData: { mimeType: `audio/${part.input_audio.format}`, data: part.input_audio.data },
        },
      ]
    case 'file':
      return [{ inlineData: fileData(part.file, `${where} (file)`) }]
  }
}

/** A file sent inline (a data: URL, or base64 whose type the filename tells). */
export function fileData(
  file: { file_data?: string | null; file_id?: string | null; filename?: string | null },
  where: string,
): GeminiInlineData {
  if (!file.file_data) {
    throw new TranslationError(
      `${where}: uploaded file ids are not supported; send the file inline as file_data`,
    )
  }
  const fromUrl = parseDataUrl(file.file_data)
  if (fromUrl) return fromUrl
  const mimeType = mimeFromFilename(file.filename)
  if (!mimeType) {
    throw new TranslationError(
      `${where}: send file_data as a base64 data: URL (data:application/pdf;base64,…) so its type is known`,
    )
  }
  return { mimeType, data: file.file_data }
}

const dataUrl = /^data:([^;,]+)[^,]*;base64,(.*)$/s

export function parseDataUrl(url: string): GeminiInlineData | undefined {
  const match = dataUrl.exec(url)
  if (!match?.[1] || match[2] === undefined) return undefined
  return { mimeType: match[1].toLowerCase(), data: match[2] }
}

const mimeByExtension: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/markdown',
  csv: 'text/csv',
  html: 'text/html',
  json: 'application/json',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
}

function mimeFromFilename(filename: string | null | undefined): string | undefined {
  const dot = filename?.lastIndexOf('.') ?? -1
  return filename && dot !== -1 ? mimeByExtension[filename.slice(dot + 1).toLowerCase()] : undefined
}
