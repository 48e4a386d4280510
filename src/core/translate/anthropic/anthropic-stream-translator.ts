import type { GeminiPart, GeminiResponse, GeminiUsageMetadata } from '../gemini/gemini-types'
import type { AnthropicStreamEvent } from './anthropic-types'
import { anthropicUsage } from './anthropic-usage'
import type { AnthropicResponseMeta } from './gemini-to-anthropic'
import { toolUseIdFor } from './gemini-to-anthropic'
import { anthropicStopReason } from './stop-reason'

export interface AnthropicStreamTranslator {
  push(event: GeminiResponse): AnthropicStreamEvent[]
  finish(): AnthropicStreamEvent[]
}

type ThinkingBlock = { kind: 'thinking'; index: number; signed: boolean; withheld: string }
type OpenBlock = ThinkingBlock | { kind: 'text'; index: number }

const event = (name: string, data: Record<string, unknown>): AnthropicStreamEvent => ({
  event: name,
  data: { type: name, ...data },
})

/**
 * Gemini's streamed events as Anthropic's event sequence: message_start and ping, then for each
 * block content_block_start, its deltas as they arrive, content_block_stop; at the end
 * message_delta (stop reason, usage) and message_stop. The blocks equal what geminiToAnthropic
 * makes of the merged stream. Thinking and text are passed on at once, never held back: a
 * thinking model can think for minutes, and Claude Code shows the thoughts as they come.
 */
export function createAnthropicStreamTranslator(
  meta: AnthropicResponseMeta,
): AnthropicStreamTranslator {
  let started = false
  let finished = false
  let open: OpenBlock | null = null
  let nextIndex = 0
  let calls = 0
  let sawToolUse = false
  const signatures = new Set<string>()
  let usage: GeminiUsageMetadata | undefined
  let finishReason: string | undefined

  const start = (out: AnthropicStreamEvent[]): void => {
    if (started) return
    started = true
    out.push(
      event('message_start', {
        message: {
          id: meta.id,
          type: 'message',
          role: 'assistant',
          model: meta.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...anthropicUsage(usage), output_tokens: 0 },
        },
      }),
      event('ping', {}),
    )
  }

  const close = (out: AnthropicStreamEvent[]): void => {
    if (!open) return
    out.push(event('content_block_stop', { index: open.index }))
    open = null
  }

  const openBlock = (out: AnthropicStreamEvent[], block: Record<string, unknown>): number => {
    close(out)
    const index = nextIndex++
    out.push(event('content_block_start', { index, content_block: block }))
    return index
  }

  const sign = (out: AnthropicStreamEvent[], block: ThinkingBlock, signature: string): void => {
    signatures.add(signature)
    block.signed = true
    if (block.withheld !== '') meta.withholdThinking?.(signature, block.withheld)
    out.push(
      event('content_block_delta', {
        index: block.index,
        delta: { type: 'signature_delta', signature },
      }),
    )
  }

  const openThinking = (out: AnthropicStreamEvent[]): ThinkingBlock => {
    const index = openBlock(out, { type: 'thinking', thinking: '', signature: '' })
    const block: ThinkingBlock = { kind: 'thinking', index, signed: false, withheld: '' }
    open = block
    return block
  }

  /** The open thinking block while it can still take thoughts or a signature, else a new one. */
  const unsignedThinking = (out: AnthropicStreamEvent[]): ThinkingBlock =>
    open?.kind === 'thinking' && !open.signed ? open : openThinking(out)

  const onThought = (out: AnthropicStreamEvent[], part: GeminiPart): void => {
    const block = unsignedThinking(out)
    // `display: "omitted"`: the block and its signature go out, its text stays here.
    if (part.text && meta.withholdThinking) block.withheld += part.text
    else if (part.text) {
      const delta = { type: 'thinking_delta', thinking: part.text }
      out.push(event('content_block_delta', { index: block.index, delta }))
    }
    if (part.thoughtSignature) sign(out, block, part.thoughtSignature)
  }

  const onCall = (out: AnthropicStreamEvent[], part: GeminiPart): void => {
    const call = part.functionCall
    if (!call) return
    const signature = part.thoughtSignature
    // See contentBlocksOf: the call's signature goes on a thinking block the client sends back.
    if (signature && !signatures.has(signature)) sign(out, unsignedThinking(out), signature)
    const index = openBlock(out, {
      type: 'tool_use',
      id: toolUseIdFor(meta, call, calls++),
      name: call.name,
      input: {},
    })
    // Gemini sends a call whole, so its input goes out in one delta.
    const delta = { type: 'input_json_delta', partial_json: JSON.stringify(call.args ?? {}) }
    out.push(event('content_block_delta', { index, delta }))
    out.push(event('content_block_stop', { index }))
    sawToolUse = true
  }

  const onText = (out: AnthropicStreamEvent[], text: string): void => {
    if (open?.kind !== 'text')
      open = { kind: 'text', index: openBlock(out, { type: 'text', text: '' }) }
    out.push(
      event('content_block_delta', { index: open.index, delta: { type: 'text_delta', text } }),
    )
  }

  return {
    push(geminiEvent) {
      const out: AnthropicStreamEvent[] = []
      // Nothing may follow message_stop.
      if (finished) return out
      if (geminiEvent.usageMetadata) usage = geminiEvent.usageMetadata
      start(out)
      const candidate = geminiEvent.candidates?.[0]
      if (candidate?.finishReason) finishReason = candidate.finishReason
      for (const part of candidate?.content?.parts ?? []) {
        if (part.thought) onThought(out, part)
        else if (part.functionCall) onCall(out, part)
        else if (typeof part.text === 'string' && part.text !== '') onText(out, part.text)
      }
      return out
    },
    finish() {
      const out: AnthropicStreamEvent[] = []
      if (finished) return out
      finished = true
      start(out)
      close(out)
      const totals = anthropicUsage(usage)
      out.push(
        event('message_delta', {
          delta: {
            stop_reason: anthropicStopReason(finishReason, sawToolUse),
            stop_sequence: null,
          },
          usage: {
            output_tokens: totals.output_tokens,
            input_tokens: totals.input_tokens,
            cache_read_input_tokens: totals.cache_read_input_tokens,
          },
        }),
        event('message_stop', {}),
      )
      return out
    },
  }
}
