import type { GeminiUsageMetadata } from '../gemini/gemini-types'
import type { ChatCompletionUsage } from './openai-types'

/** Gemini counts thinking apart from the answer; OpenAI counts it inside completion_tokens. */
export function openAiUsage(usage: GeminiUsageMetadata): ChatCompletionUsage {
  const prompt = usage.promptTokenCount ?? 0
  const thoughts = usage.thoughtsTokenCount ?? 0
  const completion = (usage.candidatesTokenCount ?? 0) + thoughts
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: usage.totalTokenCount ?? prompt + completion,
    prompt_tokens_details: { cached_tokens: usage.cachedContentTokenCount ?? 0 },
    completion_tokens_details: { reasoning_tokens: thoughts },
  }
}
