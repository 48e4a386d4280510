import type { GeminiPart } from '../gemini/gemini-types'
import { fileData, parseDataUrl, textParts } from '../openai/openai-content-parts'
import { TranslationError } from '../translation-error'
import type { ResponsesContentPart } from './responses-request-schema'

/** Maps Responses content parts (of a message or a function output) to Gemini parts. */
export function contentToParts(
  parts: readonly ResponsesContentPart[],
  where: string,
): GeminiPart[] {
  return parts.flatMap((part, index) => partToGemini(part, `${where}.content[${index}]`))
}

/** The text of content parts, for the system instruction and function outputs. */
export const textOf = (parts: readonly ResponsesContentPart[]): string =>
  parts
    .map((part) => (part.type === 'refusal' ? part.refusal : 'text' in part ? part.text : ''))
    .join('')

export const isText = (part: ResponsesContentPart): boolean =>
  part.type === 'input_text' || part.type === 'output_text' || part.type === 'refusal'

/** One part; `where` names it in errors (`input[2].content[0]`). */
export function partToGemini(part: ResponsesContentPart, where: string): GeminiPart[] {
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      return textParts(part.text)
    case 'refusal':
      return textParts(part.refusal)
    case 'input_image': {
      const inlineData = part.image_url ? parseDataUrl(part.image_url) : undefined
      if (!inlineData) {
        throw new TranslationError(
          part.image_url
            ? `${where} (input_image): agtray cannot fetch image URLs; send images as base64 data: URLs (data:image/png;base64,…)`
            : `${where} (input_image): uploaded file ids are not supported; send the image as a base64 data: URL in image_url`,
        )
      }
      return [{ inlineData }]
    }
    case 'input_audio': {
      const { data, format } = part.input_audio
      return [{ inlineData: { mimeType: `audio/${format}`, data } }]
    }
    case 'input_file':
      if (part.file_url && !part.file_data) {
        throw new TranslationError(
          `${where} (input_file): agtray cannot fetch file URLs; send the file inline as file_data`,
        )
      }
      return [{ inlineData: fileData(part, `${where} (input_file)`) }]
  }
}
