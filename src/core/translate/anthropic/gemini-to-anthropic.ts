import type { GeminiPart, GeminiResponse } from '../gemini/gemini-types'
import type { ContentBlock, Message } from './anthropic-types'
import { anthropicUsage } from './anthropic-usage'
import { anthropicStopReason } from './stop-reason'

export interface AnthropicResponseMeta {
  id: string
  model: string
  /**
   * Set for `thinking.display: "omitted"`: thinking blocks go out with their signature and no
   * text, and each signed text is handed here, for agtray to put back when the client returns
   * the block (Claude behind Cloud Code checks the signature against the text).
   */
  withholdThinking?: (signature: string, thinking: string) => void
}

/** Gemini 3 and Claude mint call ids; older models do not, and Anthropic clients need one. */
export const toolUseIdFor = (
  meta: AnthropicResponseMeta,
  call: { id?: string },
  index: number,
): string => call.id ?? `${meta.id}_toolu_${index}`

/**
 * Builds a message's content from Gemini parts: consecutive thoughts become one thinking block
 * with their signature, text becomes text blocks, calls become tool_use blocks. A call's
 * signature signs the unsigned thinking block right before it; with no such block, an empty
 * signed thinking block is inserted, so the client sends the signature back and Gemini finds it
 * on the call in the next turn. Signatures on answer text are dropped: Gemini does not need them
 * back. The stream translator makes the same blocks (it cannot reopen a closed block).
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
      const open = last?.type === 'thinking' && last.signature === '' ? last : undefined
      const block = open ?? { type: 'thinking', thinking: '', signature: '' }
      block.thinking += part.text ?? ''
      if (part.thoughtSignature) block.signature = part.thoughtSignature
      if (!open) blocks.push(block)
    } else if (part.functionCall) {
      const signature = part.thoughtSignature
      if (signature && !blocks.some((block) => isThinkingSignedWith(block, signature))) {
        if (last?.type === 'thinking' && last.signature === '') last.signature = signature
        else blocks.push({ type: 'thinking', thinking: '', signature })
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
  if (meta.withholdThinking) withholdThinking(blocks, meta.withholdThinking)
  return blocks
}

function withholdThinking(
  blocks: ContentBlock[],
  withhold: NonNullable<AnthropicResponseMeta['withholdThinking']>,
): void {
  for (const block of blocks) {
    if (block.type !== 'thinking') continue
    if (block.signature !== '' && block.thinking !== '') withhold(block.signature, block.thinking)
    block.thinking = ''
  }
}

const isThinkingSignedWith = (block: ContentBlock, signature: string): boolean =>
  block.type === 'thinking' && block.signature === signature

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
