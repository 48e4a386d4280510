import type { GeminiResponse, GeminiUsageMetadata } from '../gemini/gemini-types'
import { openAiFinishReason } from './finish-reason'
import { candidateParts, readGeminiPart, toolCallId } from './gemini-parts'
import type { OpenAiResponseMeta, ToolCallSignature } from './gemini-to-openai'
import type {
  ChatCompletionChunk,
  ChatCompletionChunkDelta,
  OpenAiFinishReason,
} from './openai-types'
import { openAiUsage } from './openai-usage'

export interface OpenAiStreamTranslator {
  /** Chunks for one unwrapped Cloud Code event, in arrival order. */
  push(event: GeminiResponse): ChatCompletionChunk[]
  /** The closing chunk (and the usage chunk when asked for); the route then writes [DONE]. */
  finish(): ChatCompletionChunk[]
  /** Signatures of the tool calls streamed so far. */
  signatures(): ToolCallSignature[]
}

/**
 * Translates a Cloud Code stream into `chat.completion.chunk`s as the events arrive. Gemini sends
 * each function call whole, so each becomes one chunk with its complete arguments.
 */
export function createOpenAiStreamTranslator(
  meta: OpenAiResponseMeta,
  options: { includeUsage: boolean },
): OpenAiStreamTranslator {
  let started = false
  let finished = false
  let toolCallCount = 0
  let finishReason: string | undefined
  // Cumulative in every event, so the last one seen is the total.
  let usage: GeminiUsageMetadata | undefined
  const signatures: ToolCallSignature[] = []

  const envelope = {
    id: meta.id,
    object: 'chat.completion.chunk',
    created: meta.created,
    model: meta.model,
  } as const
  const chunk = (
    delta: ChatCompletionChunkDelta,
    finish_reason: OpenAiFinishReason | null = null,
  ): ChatCompletionChunk => ({
    ...envelope,
    choices: [{ index: 0, delta, logprobs: null, finish_reason }],
  })
  const start = (): ChatCompletionChunk[] => {
    if (started) return []
    started = true
    return [chunk({ role: 'assistant', content: '' })]
  }

  return {
    push(event) {
      if (finished) return []
      const chunks = start()
      const reason = event.candidates?.[0]?.finishReason
      if (reason) finishReason = reason
      if (event.usageMetadata) usage = event.usageMetadata
      for (const part of candidateParts(event)) {
        const piece = readGeminiPart(part)
        if (piece?.kind === 'content') chunks.push(chunk({ content: piece.text }))
        else if (piece?.kind === 'reasoning') chunks.push(chunk({ reasoning_content: piece.text }))
        else if (piece?.kind === 'tool_call') {
          const index = toolCallCount++
          const id = toolCallId(piece.id, meta.id, index)
          const fn = { name: piece.name, arguments: piece.arguments }
          chunks.push(chunk({ tool_calls: [{ index, id, type: 'function', function: fn }] }))
          if (piece.signature) signatures.push({ toolCallId: id, signature: piece.signature })
        }
      }
      return chunks
    },
    finish() {
      if (finished) return []
      finished = true
      const chunks = [...start(), chunk({}, openAiFinishReason(finishReason, toolCallCount > 0))]
      if (options.includeUsage)
        chunks.push({ ...envelope, choices: [], usage: openAiUsage(usage ?? {}) })
      return chunks
    },
    signatures: () => [...signatures],
  }
}
