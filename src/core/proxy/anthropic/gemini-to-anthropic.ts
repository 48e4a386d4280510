import type { GeminiPart, GeminiResponse } from '../gemini/gemini-types'
import type { ContentBlock, Message } from './anthropic-types'
import { anthropicUsage } from './anthropic-usage'
import { anthropicStopReason } from './stop-reason'

export interface AnthropicResponseMeta {
  id: string
  model: string
}

export const toolUseIdFor = (
  meta: AnthropicResponseMeta,
  call: { id?: string },
  index: number,
): string => call.id ?? `${meta.id}_toolu_${index}`

/**
 * Builds a message's content from Gemini parts: thoughts become thinking blocks with their
 * signature, text becomes text blocks, calls become tool_use blocks. A signed call whose
 * reasoning was not shown gets an empty signed thinking block before it, so the client sends the
 * signature back and Gemini finds it in the next turn.
 */
export function contentBlocksOf(
  parts: readonly GeminiPart[],
  meta: AnthropicResponseMeta,
): ContentBlock[] {
  const blocks: ContentBlock[] = []
  let calls = 0
  for (const part of parts) {
    const last = blocks.at(-1)
    if (part.thought) {
      const block = last?.type === 'thinking' && !last.signature ? last : null
      if (block) block.thinking += part.text ?? ''
      else blocks.push({ type: 'thinking', thinking: part.text ?? '', signature: '' })
      const current = blocks.at(-1)
      if (part.thoughtSignature && current?.type === 'thinking')
        current.signature = part.thoughtSignature
    } else if (part.functionCall) {
      if (part.thoughtSignature) {
        const unsigned = blocks.findLast((block) => block.type === 'thinking' && !block.signature)
        if (unsigned?.type === 'thinking') unsigned.signature = part.thoughtSignature
        else if (
          !blocks.some(
            (block) => block.type === 'thinking' && block.signature === part.thoughtSignature,
          )
        ) {
          blocks.push({ type: 'thinking', thinking: '', signature: part.thoughtSignature })
        }
      }
      blocks.push({
        type: 'tool_use',
        id: toolUseIdFor(meta, part.functionCall, calls++),
        name: part.functionCall.name,
        input: part.functionCall.args ?? {},
      })
    } else if (typeof part.text === 'string' && part.text !== '') {
      if (last?.type === 'text') last.text += part.text
      else blocks.push({ type: 'text', text: part.text })
    }
  }
  return blocks
}

/** A whole Gemini answer as an Anthropic Message. */
export function geminiToAnthropic(response: GeminiResponse, meta: AnthropicResponseMeta): Message {
  const candidate = response.candidates?.[0]
  const content = contentBlocksOf(candidate?.content?.parts ?? [], meta)
  return {
    id: meta.id,
    type: 'message',
    role: 'assistant',
    model: meta.model,
    content,
    stop_reason: anthropicStopReason(
      candidate?.finishReason,
      content.some((block) => block.type === 'tool_use'),
    ),
    stop_sequence: null,
    usage: anthropicUsage(response.usageMetadata),
  }
}
