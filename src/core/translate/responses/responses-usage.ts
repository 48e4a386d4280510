import type { GeminiUsageMetadata } from '../gemini/gemini-types'
import { openAiUsage } from '../openai/openai-usage'
import type { ResponsesUsage } from './responses-types'

/** The chat route's counts (thinking inside the output), under the Responses API's names. */
export function responsesUsage(usage: GeminiUsageMetadata): ResponsesUsage {
  const counts = openAiUsage(usage)
  return {
    input_tokens: counts.prompt_tokens,
    input_tokens_details: {
      cached_tokens: counts.prompt_tokens_details.cached_tokens,
      cache_write_tokens: 0,
    },
    output_tokens: counts.completion_tokens,
    output_tokens_details: { reasoning_tokens: counts.completion_tokens_details.reasoning_tokens },
    total_tokens: counts.total_tokens,
  }
}
