import { MIN_THINKING_BUDGET } from '../gemini/thinking-budgets'
import type { MessagesRequest } from './anthropic-request-schema'

/**
 * The effort in force for the answer: a system message's `output_config.effort` is a per-turn
 * setting, so the latest one wins over the request's `output_config.effort`.
 */
export function effortOf(
  request: Pick<MessagesRequest, 'messages' | 'output_config'>,
): string | undefined {
  for (const message of [...request.messages].reverse()) {
    if (message.role === 'system' && message.output_config?.effort)
      return message.output_config.effort
  }
  return request.output_config?.effort ?? undefined
}

/**
 * A thinking budget within `max_tokens`: Claude requires the budget below max_tokens, and the
 * thinking must leave the answer room (a quarter of max_tokens, at least 1024 tokens).
 * Undefined when too little is left to think at all (Claude's minimum budget is 1024).
 */
export function budgetWithinMaxTokens(wanted: number, maxTokens: number): number | undefined {
  const answerRoom = Math.max(MIN_THINKING_BUDGET, Math.ceil(maxTokens / 4))
  const budget = Math.min(wanted, maxTokens - answerRoom)
  return budget >= MIN_THINKING_BUDGET ? budget : undefined
}
