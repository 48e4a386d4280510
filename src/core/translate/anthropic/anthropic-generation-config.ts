import type { GeminiGenerationConfig, GeminiThinkingConfig } from '../gemini/gemini-types'
import { cleanToolSchema } from '../gemini/schema-cleaner'
import { thinkingBudgetForEffort } from '../gemini/thinking-budgets'
import { budgetWithinMaxTokens, effortOf } from './anthropic-effort'
import type { MessagesRequest } from './anthropic-request-schema'

type GenerationRequest = Pick<
  MessagesRequest,
  | 'max_tokens'
  | 'temperature'
  | 'top_p'
  | 'top_k'
  | 'stop_sequences'
  | 'thinking'
  | 'messages'
  | 'output_config'
  | 'output_format'
>

/** Sampling settings, structured output and thinking as Gemini's generationConfig. */
export function generationConfigOf(request: GenerationRequest): GeminiGenerationConfig | undefined {
  const config: GeminiGenerationConfig = {}
  if (request.max_tokens) config.maxOutputTokens = request.max_tokens
  // `temperature: 0` is a real setting (Claude Code's title requests use it).
  if (request.temperature != null) config.temperature = request.temperature
  if (request.top_p != null) config.topP = request.top_p
  if (request.top_k != null) config.topK = request.top_k
  if (request.stop_sequences?.length) config.stopSequences = request.stop_sequences
  const format = request.output_config?.format ?? request.output_format
  if (format?.type === 'json_schema') {
    config.responseMimeType = 'application/json'
    if (format.schema) config.responseSchema = cleanToolSchema(format.schema)
  }
  const thinking = thinkingConfigOf(request)
  if (thinking) config.thinkingConfig = thinking
  return Object.keys(config).length > 0 ? config : undefined
}

function thinkingConfigOf(request: GenerationRequest): GeminiThinkingConfig | undefined {
  const { thinking } = request
  if (thinking?.type === 'enabled') {
    return {
      includeThoughts: true,
      ...(thinking.budget_tokens ? { thinkingBudget: thinking.budget_tokens } : {}),
    }
  }
  // Adaptive thinking lets the model pick its budget; `between_tools` is its agentic variant.
  if (thinking?.type === 'adaptive' || thinking?.type === 'between_tools') {
    const wanted = thinkingBudgetForEffort(effortOf(request))
    // Without an effort Gemini picks its budget too.
    if (wanted === undefined) return { includeThoughts: true }
    // With max_tokens too small to think and answer, no thinking rather than no answer.
    const budget = budgetWithinMaxTokens(wanted, request.max_tokens)
    return budget === undefined ? undefined : { includeThoughts: true, thinkingBudget: budget }
  }
  return undefined
}
