import type { GeminiPart, GeminiResponse } from '../gemini/gemini-types'

/** What one Gemini part becomes on the OpenAI side. */
export type OpenAiPiece =
  | { kind: 'content'; text: string }
  | { kind: 'reasoning'; text: string }
  | {
      kind: 'tool_call'
      id: string | undefined
      name: string
      arguments: string
      signature?: string
    }

export const candidateParts = (response: GeminiResponse): readonly GeminiPart[] =>
  response.candidates?.[0]?.content?.parts ?? []

/**
 * Reads one part; undefined for parts that carry nothing for the client, such as the empty text
 * part that only brings a signature.
 */
export function readGeminiPart(part: GeminiPart): OpenAiPiece | undefined {
  if (part.functionCall) {
    return {
      kind: 'tool_call',
      id: part.functionCall.id,
      name: part.functionCall.name,
      arguments: JSON.stringify(part.functionCall.args ?? {}),
      ...(part.thoughtSignature ? { signature: part.thoughtSignature } : {}),
    }
  }
  // Image-generating models answer with inline images; a data: URL in Markdown is what
  // OpenAI-speaking chat UIs can show.
  if (part.inlineData) {
    const { mimeType, data } = part.inlineData
    return { kind: 'content', text: `![image](data:${mimeType};base64,${data})` }
  }
  if (typeof part.text !== 'string' || part.text === '') return undefined
  return { kind: part.thought ? 'reasoning' : 'content', text: part.text }
}

/**
 * Older Gemini models send calls without ids; OpenAI clients need one to answer the call.
 * Derived from the response id and the call's position so a retried translation agrees.
 */
export const toolCallId = (upstreamId: string | undefined, responseId: string, index: number) =>
  upstreamId || `${responseId}-call-${index}`
