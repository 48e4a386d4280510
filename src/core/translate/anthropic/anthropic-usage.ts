import type { GeminiUsageMetadata } from '../gemini/gemini-types'
import type { AnthropicUsage } from './anthropic-types'

/** Anthropic counts cached input apart from the rest; Gemini reports thoughts apart from output. */
export function anthropicUsage(usage: GeminiUsageMetadata | undefined): AnthropicUsage {
  const prompt = usage?.promptTokenCount ?? 0
  const cached = usage?.cachedContentTokenCount ?? 0
  return {
    input_tokens: Math.max(0, prompt - cached),
    output_tokens: (usage?.candidatesTokenCount ?? 0) + (usage?.thoughtsTokenCount ?? 0),
    cache_read_input_tokens: cached,
    cache_creation_input_tokens: 0,
  }
}
