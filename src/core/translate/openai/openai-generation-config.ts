import type { GeminiGenerationConfig } from '../gemini/gemini-types'
import { cleanToolSchema } from '../gemini/schema-cleaner'
import { thinkingBudgetForEffort } from '../gemini/thinking-budgets'
import type { ChatCompletionRequest } from './openai-request-schema'

/**
 * Maps the sampling and output options. Only what the client set is sent: Cloud Code's own
 * defaults differ per model and are better than any we would pick.
 */
export function generationConfigFor(request: ChatCompletionRequest): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {}
  const maxTokens = request.max_completion_tokens ?? request.max_tokens
  if (maxTokens != null) config.maxOutputTokens = maxTokens
  if (request.temperature != null) config.temperature = request.temperature
  if (request.top_p != null) config.topP = request.top_p
  if (request.top_k != null) config.topK = request.top_k
  if (request.stop != null) {
    config.stopSequences = typeof request.stop === 'string' ? [request.stop] : request.stop
  }
  if (request.seed != null) config.seed = request.seed
  if (request.n != null) config.candidateCount = request.n
  if (request.presence_penalty != null) config.presencePenalty = request.presence_penalty
  if (request.frequency_penalty != null) config.frequencyPenalty = request.frequency_penalty
  const format = request.response_format
  Object.assign(
    config,
    jsonOutputConfig(
      format?.type,
      format?.type === 'json_schema' ? format.json_schema.schema : null,
    ),
  )
  const budget = thinkingBudgetForEffort(request.reasoning_effort)
  if (budget !== undefined)
    config.thinkingConfig = { includeThoughts: true, thinkingBudget: budget }
  return config
}

/** JSON mode (`json_object`) and structured output (`json_schema`), in either OpenAI API. */
export function jsonOutputConfig(
  type: string | undefined,
  schema: Record<string, unknown> | null | undefined,
): Pick<GeminiGenerationConfig, 'responseMimeType' | 'responseSchema'> {
  if (type !== 'json_object' && type !== 'json_schema') return {}
  return {
    responseMimeType: 'application/json',
    ...(type === 'json_schema' && schema ? { responseSchema: cleanToolSchema(schema) } : {}),
  }
}
