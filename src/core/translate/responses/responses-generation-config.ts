import type { GeminiGenerationConfig, GeminiThinkingConfig } from '../gemini/gemini-types'
import { thinkingBudgetForEffort } from '../gemini/thinking-budgets'
import { jsonOutputConfig } from '../openai/openai-generation-config'
import type { ResponsesRequest } from './responses-request-schema'

/** Whether the client asked to see the reasoning (`reasoning.summary`, or its older name). */
export const wantsSummary = (request: Pick<ResponsesRequest, 'reasoning'>): boolean => {
  const summary = request.reasoning?.summary ?? request.reasoning?.generate_summary
  return summary != null && summary !== 'none' && request.reasoning?.effort !== 'none'
}

/**
 * Maps the sampling, output and reasoning options; only what the client set is sent. Efforts
 * share the chat route's budgets. `none` and `minimal` leave Google's default: a budget of 0 is
 * refused by the models that always think (Gemini 2.5 Pro, Gemini 3, Claude thinking).
 */
export function generationConfigFor(request: ResponsesRequest): GeminiGenerationConfig {
  const config: GeminiGenerationConfig = {}
  if (request.max_output_tokens != null) config.maxOutputTokens = request.max_output_tokens
  if (request.temperature != null) config.temperature = request.temperature
  if (request.top_p != null) config.topP = request.top_p
  const format = request.text?.format
  Object.assign(
    config,
    jsonOutputConfig(format?.type, format?.type === 'json_schema' ? format.schema : null),
  )
  const thinking: GeminiThinkingConfig = {}
  if (wantsSummary(request)) thinking.includeThoughts = true
  const budget = thinkingBudgetForEffort(request.reasoning?.effort)
  if (budget !== undefined) thinking.thinkingBudget = budget
  if (Object.keys(thinking).length > 0) config.thinkingConfig = thinking
  return config
}
