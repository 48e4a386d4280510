import { z } from 'zod'

/**
 * The OpenAI Chat Completions request as clients send it. Objects are loose so fields we do not
 * use (logprobs, metadata, store, …) pass through; optional fields accept null because many
 * clients send `"stop": null` rather than leaving the key out.
 */

const textPart = z.looseObject({ type: z.literal('text'), text: z.string() })

const imageUrlPart = z.looseObject({
  type: z.literal('image_url'),
  // Some older clients send the URL itself instead of `{url}`.
  image_url: z.union([z.string(), z.looseObject({ url: z.string() })]),
})

const inputAudioPart = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
})

const filePart = z.looseObject({
  type: z.literal('file'),
  file: z.looseObject({
    file_data: z.string().nullish(),
    file_id: z.string().nullish(),
    filename: z.string().nullish(),
  }),
})

const refusalPart = z.looseObject({ type: z.literal('refusal'), refusal: z.string() })

const userContentPart = z.discriminatedUnion('type', [
  textPart,
  imageUrlPart,
  inputAudioPart,
  filePart,
])
const assistantContentPart = z.discriminatedUnion('type', [textPart, refusalPart])

const textContent = z.union([z.string(), z.array(textPart)])

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function').optional(),
  function: z.looseObject({
    name: z.string(),
    // Some clients send the arguments already parsed.
    arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
  }),
})

const legacyFunctionCall = z.looseObject({
  name: z.string(),
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).nullish(),
})

const message = z.discriminatedUnion('role', [
  z.looseObject({ role: z.literal('system'), content: textContent }),
  z.looseObject({ role: z.literal('developer'), content: textContent }),
  z.looseObject({
    role: z.literal('user'),
    content: z.union([z.string(), z.array(userContentPart)]),
  }),
  z.looseObject({
    role: z.literal('assistant'),
    content: z.union([z.string(), z.array(assistantContentPart)]).nullish(),
    tool_calls: z.array(toolCall).nullish(),
    function_call: legacyFunctionCall.nullish(),
  }),
  z.looseObject({ role: z.literal('tool'), tool_call_id: z.string(), content: textContent }),
  z.looseObject({ role: z.literal('function'), name: z.string(), content: z.string().nullish() }),
])

const functionDefinition = z.looseObject({
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
})

const tool = z.looseObject({ type: z.literal('function'), function: functionDefinition })

const toolChoice = z.union([
  z.enum(['none', 'auto', 'required']),
  z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) }),
])

const legacyFunctionChoice = z.union([
  z.enum(['none', 'auto']),
  z.looseObject({ name: z.string() }),
])

const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({
      name: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()).nullish(),
    }),
  }),
])

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(message).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  top_k: z.number().int().nullish(),
  stop: z.union([z.string(), z.array(z.string())]).nullish(),
  seed: z.number().int().nullish(),
  n: z.number().int().positive().nullish(),
  presence_penalty: z.number().nullish(),
  frequency_penalty: z.number().nullish(),
  response_format: responseFormat.nullish(),
  // A plain string: OpenAI keeps adding levels ('minimal', 'xhigh'); unknown ones are ignored.
  reasoning_effort: z.string().nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  functions: z.array(functionDefinition).nullish(),
  function_call: legacyFunctionChoice.nullish(),
  // The conversation (prompt_cache_key) or the end user (user): Cloud Code's sessionId.
  prompt_cache_key: z.string().nullish(),
  user: z.string().nullish(),
})

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>
export type ChatCompletionRequestMessage = ChatCompletionRequest['messages'][number]
export type ChatCompletionUserContentPart = z.infer<typeof userContentPart>
export type ChatCompletionFunctionDefinition = z.infer<typeof functionDefinition>
