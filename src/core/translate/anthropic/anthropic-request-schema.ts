import { z } from 'zod'
import { contentBlockSchema, messageContentSchema } from './anthropic-block-schema'

/**
 * The Anthropic Messages request as Claude's API takes it today. Types are checked strictly (a
 * wrong one is a 400 naming the field, as Claude answers); unknown fields and values pass, so a
 * newer client keeps working. Block contents are checked in anthropic-block-schema.ts.
 */
const effort = z.string().nullish()

const outputFormat = z.looseObject({
  type: z.string(),
  schema: z.record(z.string(), z.unknown()).nullish(),
})

const outputConfig = z.looseObject({ effort, format: outputFormat.nullish() })

const conversationMessage = (role: 'user' | 'assistant') =>
  z.looseObject({ role: z.literal(role), content: messageContentSchema })

/** Claude's mid-conversation system message: an instruction at that point of the conversation. */
const systemMessage = z.looseObject({
  role: z.literal('system'),
  content: messageContentSchema.optional(),
  output_config: z.looseObject({ effort }).nullish(),
  clear_at: z.string().nullish(),
})

const message = z.discriminatedUnion('role', [
  conversationMessage('user'),
  conversationMessage('assistant'),
  systemMessage,
])

const tool = z.looseObject({
  // Toolsets (`mcp_toolset`) have no name; a tool agtray declares must have one (anthropic-tools).
  name: z.string().min(1).optional(),
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
  display: z.string().nullish(),
})

const contextManagement = z.looseObject({
  edits: z.array(z.looseObject({ type: z.string() })).nullish(),
})

export const messagesRequestSchema = z.looseObject({
  model: z.string().min(1),
  // 0 is Claude's "warm the prompt cache, generate nothing" (answered without a call upstream).
  max_tokens: z.number().int().nonnegative(),
  messages: z.array(message).min(1),
  system: z.union([z.string(), z.array(contentBlockSchema)]).nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  thinking: thinking.nullish(),
  output_config: outputConfig.nullish(),
  /** Deprecated by Claude for `output_config.format`, still accepted. */
  output_format: outputFormat.nullish(),
  context_management: contextManagement.nullish(),
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
export type AnthropicMessage = MessagesRequest['messages'][number]
export type AnthropicContentBlock = z.infer<typeof contentBlockSchema>
