import type { GeminiResponse } from '../gemini/gemini-types'
import { openAiFinishReason } from './finish-reason'
import { candidateParts, readGeminiPart, toolCallId } from './gemini-parts'
import type {
  ChatCompletion,
  ChatCompletionMessage,
  ChatCompletionMessageToolCall,
} from './openai-types'
import { openAiUsage } from './openai-usage'

export interface OpenAiResponseMeta {
  id: string
  model: string
  /** Unix seconds. */
  created: number
}

/** A tool call's thought signature, for the route to cache and hand back via signatureFor. */
export interface ToolCallSignature {
  toolCallId: string
  signature: string
}

/** Translates one complete Gemini answer (or a merged stream) into a Chat Completion. */
export function geminiToOpenAi(
  response: GeminiResponse,
  meta: OpenAiResponseMeta,
): { completion: ChatCompletion; signatures: ToolCallSignature[] } {
  let content = ''
  let reasoning = ''
  const toolCalls: ChatCompletionMessageToolCall[] = []
  const signatures: ToolCallSignature[] = []
  for (const part of candidateParts(response)) {
    const piece = readGeminiPart(part)
    if (piece?.kind === 'content') content += piece.text
    else if (piece?.kind === 'reasoning') reasoning += piece.text
    else if (piece?.kind === 'tool_call') {
      const id = toolCallId(piece.id, meta.id, toolCalls.length)
      toolCalls.push({
        id,
        type: 'function',
        function: { name: piece.name, arguments: piece.arguments },
      })
      if (piece.signature) signatures.push({ toolCallId: id, signature: piece.signature })
    }
  }
  const message: ChatCompletionMessage = {
    role: 'assistant',
    content: content === '' && toolCalls.length > 0 ? null : content,
    refusal: null,
    ...(reasoning ? { reasoning_content: reasoning } : {}),
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  }
  const completion: ChatCompletion = {
    id: meta.id,
    object: 'chat.completion',
    created: meta.created,
    model: meta.model,
    choices: [
      {
        index: 0,
        message,
        logprobs: null,
        finish_reason: openAiFinishReason(
          response.candidates?.[0]?.finishReason,
          toolCalls.length > 0,
        ),
      },
    ],
    ...(response.usageMetadata ? { usage: openAiUsage(response.usageMetadata) } : {}),
  }
  return { completion, signatures }
}
