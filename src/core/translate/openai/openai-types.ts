/**
 * The OpenAI Chat Completions response shapes agtray produces, with OpenAI's field names.
 * `reasoning_content` is not in OpenAI's API but is what DeepSeek-style clients read thinking
 * text from, so the Gemini thoughts go there.
 */

export type OpenAiFinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter'

export interface ChatCompletionMessageToolCall {
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

export interface ChatCompletionMessage {
  role: 'assistant'
  content: string | null
  refusal: null
  reasoning_content?: string
  tool_calls?: ChatCompletionMessageToolCall[]
}

export interface ChatCompletionUsage {
  prompt_tokens: number
  completion_tokens: number
  total_tokens: number
  prompt_tokens_details: { cached_tokens: number }
  completion_tokens_details: { reasoning_tokens: number }
}

export interface ChatCompletionChoice {
  index: number
  message: ChatCompletionMessage
  logprobs: null
  finish_reason: OpenAiFinishReason
}

export interface ChatCompletion {
  id: string
  object: 'chat.completion'
  created: number
  model: string
  choices: ChatCompletionChoice[]
  usage?: ChatCompletionUsage
}

/** A tool call inside a streamed delta: `index` identifies the call across chunks. */
export interface ChatCompletionChunkToolCall {
  index: number
  id: string
  type: 'function'
  function: { name: string; arguments: string }
}

export interface ChatCompletionChunkDelta {
  role?: 'assistant'
  content?: string
  reasoning_content?: string
  tool_calls?: ChatCompletionChunkToolCall[]
}

export interface ChatCompletionChunkChoice {
  index: number
  delta: ChatCompletionChunkDelta
  logprobs: null
  finish_reason: OpenAiFinishReason | null
}

export interface ChatCompletionChunk {
  id: string
  object: 'chat.completion.chunk'
  created: number
  model: string
  choices: ChatCompletionChunkChoice[]
  usage?: ChatCompletionUsage
}
