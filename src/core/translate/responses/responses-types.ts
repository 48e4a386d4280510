/**
 * The OpenAI Responses shapes agtray produces, with the field names of the openai package's
 * `resources/responses/responses.d.ts` (Response, ResponseOutputItem, ResponseStreamEvent).
 */

export interface OutputText {
  type: 'output_text'
  text: string
  annotations: []
}

export interface SummaryText {
  type: 'summary_text'
  text: string
}

export type ItemStatus = 'in_progress' | 'completed' | 'incomplete'

export interface MessageItem {
  type: 'message'
  id: string
  role: 'assistant'
  status: ItemStatus
  content: OutputText[]
}

export interface ReasoningItem {
  type: 'reasoning'
  id: string
  summary: SummaryText[]
  /** Gemini's thought signature, when the client included `reasoning.encrypted_content`. */
  encrypted_content?: string
}

export interface FunctionCallItem {
  type: 'function_call'
  id: string
  call_id: string
  name: string
  /** Set for a function of a `namespace` tool. */
  namespace?: string
  arguments: string
  status: ItemStatus
}

export type OutputItem = MessageItem | ReasoningItem | FunctionCallItem

export interface ResponsesUsage {
  input_tokens: number
  input_tokens_details: { cached_tokens: number; cache_write_tokens: number }
  output_tokens: number
  output_tokens_details: { reasoning_tokens: number }
  total_tokens: number
}

export type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed'

export interface ResponseObject {
  id: string
  object: 'response'
  created_at: number
  status: ResponseStatus
  completed_at: number | null
  error: { code: 'server_error'; message: string } | null
  incomplete_details: { reason: 'max_output_tokens' | 'content_filter' } | null
  model: string
  output: OutputItem[]
  usage: ResponsesUsage | null
  [echoed: string]: unknown
}

/** One streamed event; the route frames it as `event: <type>` + `data: <json>`. */
export interface ResponsesStreamEvent {
  type: string
  sequence_number: number
  [field: string]: unknown
}
