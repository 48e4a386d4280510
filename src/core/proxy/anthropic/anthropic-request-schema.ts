import { z } from 'zod'

/**
 * The Anthropic Messages request, read leniently: content blocks are checked by the translator
 * (which can say which block is wrong), unknown fields pass, so new client versions keep working.
 */
const block = z.looseObject({ type: z.string() })
const content = z.union([z.string(), z.array(block)])

const message = z.looseObject({
  role: z.enum(['user', 'assistant']),
  content,
})

const tool = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  input_schema: z.record(z.string(), z.unknown()).nullish(),
  type: z.string().nullish(),
})

const toolChoice = z.looseObject({
  type: z.enum(['auto', 'any', 'tool', 'none']),
  name: z.string().nullish(),
})

const thinking = z.looseObject({
  type: z.string(),
  budget_tokens: z.number().int().positive().nullish(),
})

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  messages: z.array(message).min(1),
  system: z.union([z.string(), z.array(block)]).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  thinking: thinking.nullish(),
  // Anthropic stops at 1; Gemini takes up to 2, so a client asking for more is still served.
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  top_k: z.number().int().nonnegative().nullish(),
  stop_sequences: z.array(z.string()).nullish(),
  stream: z.boolean().nullish(),
  metadata: z.looseObject({ user_id: z.string().nullish() }).nullish(),
})

/** count_tokens takes the same body; only max_tokens is not asked for. */
export const countTokensRequestSchema = messagesRequestSchema.omit({ max_tokens: true })

export type MessagesRequest = z.infer<typeof messagesRequestSchema>
export type CountTokensRequest = z.infer<typeof countTokensRequestSchema>
export type AnthropicContentBlock = z.infer<typeof block>
