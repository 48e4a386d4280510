import type { GeminiGenerationConfig, GeminiThinkingConfig } from '../gemini/gemini-types'
import type { MessagesRequest } from './anthropic-request-schema'

type SamplingRequest = Pick<
  MessagesRequest,
  'max_tokens' | 'temperature' | 'top_p' | 'top_k' | 'stop_sequences' | 'thinking'
>

/** Sampling settings and extended thinking as Gemini's generationConfig; undefined when empty. */
export function generationConfigOf(request: SamplingRequest): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {}
  if (request.max_tokens) config.maxOutputTokens = request.max_tokens
  // `temperature: 0` is a real setting (Claude Code's title requests use it).
  if (request.temperature != null) config.temperature = request.temperature
  if (request.top_p != null) config.topP = request.top_p
  if (request.top_k != null) config.topK = request.top_k
  if (request.stop_sequences?.length) config.stopSequences = request.stop_sequences
  const thinking = thinkingConfigOf(request.thinking)
  if (thinking) config.thinkingConfig = thinking
  return Object.keys(config).length > 0 ? config : undefined
}

function thinkingConfigOf(thinking: SamplingRequest['thinking']): GeminiThinkingConfig | undefined {
  if (thinking?.type === 'enabled') {
    return {
      includeThoughts: true,
      ...(thinking.budget_tokens ? { thinkingBudget: thinking.budget_tokens } : {}),
    }
  }
  // Newer Claude models let the model pick its budget; Gemini does the same without one.
  if (thinking?.type === 'adaptive') return { includeThoughts: true }
  return undefined
}
