import { z } from 'zod'

/**
 * The OpenAI Responses request (`POST /v1/responses`) as Codex and the openai SDK send it. Types
 * are checked strictly so a wrong field gets a 400 naming it; unknown keys pass, and item and tool
 * types agtray cannot use become `{type: 'unsupported'}` for the translator to skip, so a newer
 * client is still served.
 */

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Zod unions report "Invalid input" for the whole union; a discriminated union reports the exact
 * field. So values are first brought to one shape: strings become arrays, type-less messages get
 * their type, and types outside `known` become `unsupported`.
 */
const byType =
  (
    known: readonly string[],
    implicitType?: (value: Record<string, unknown>) => string | undefined,
  ) =>
  (value: unknown): unknown => {
    if (!isRecord(value)) return value
    const type = value.type ?? implicitType?.(value)
    if (typeof type !== 'string') return value
    if (!known.includes(type)) return { type: 'unsupported', unsupported_type: type }
    return type === value.type ? value : { ...value, type }
  }

const unsupported = z.object({ type: z.literal('unsupported'), unsupported_type: z.string() })

const inputText = z.looseObject({ type: z.literal('input_text'), text: z.string() })
const outputText = z.looseObject({ type: z.literal('output_text'), text: z.string() })
const refusal = z.looseObject({ type: z.literal('refusal'), refusal: z.string() })
const inputImage = z.looseObject({
  type: z.literal('input_image'),
  image_url: z.string().nullish(),
  file_id: z.string().nullish(),
})
const inputFile = z.looseObject({
  type: z.literal('input_file'),
  file_data: z.string().nullish(),
  file_id: z.string().nullish(),
  file_url: z.string().nullish(),
  filename: z.string().nullish(),
})

const inputAudio = z.looseObject({
  type: z.literal('input_audio'),
  input_audio: z.looseObject({ data: z.string(), format: z.string() }),
})

const contentPart = z.discriminatedUnion('type', [
  inputText,
  outputText,
  refusal,
  inputImage,
  inputFile,
  inputAudio,
])

/** Content as a string or parts; a string is one text part. */
const content = z.preprocess(
  (value) => (typeof value === 'string' ? [{ type: 'input_text', text: value }] : value),
  z.array(contentPart),
)

const message = z.looseObject({
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content,
})

const functionCall = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().min(1),
  name: z.string().min(1),
  arguments: z.string(),
  namespace: z.string().nullish(),
})

const functionCallOutput = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().min(1),
  output: content,
})

const reasoning = z.looseObject({
  type: z.literal('reasoning'),
  id: z.string().nullish(),
  summary: z.array(z.looseObject({ type: z.string(), text: z.string() })).nullish(),
  encrypted_content: z.string().nullish(),
})

/** A stored item named by id; agtray stores nothing, so the translator refuses it clearly. */
const itemReference = z.looseObject({ type: z.literal('item_reference'), id: z.string() })

const itemTypes = [
  'message',
  'function_call',
  'function_call_output',
  'reasoning',
  'item_reference',
]

const inputItem = z.preprocess(
  byType(itemTypes, (value) => ('role' in value ? 'message' : undefined)),
  z.discriminatedUnion('type', [
    message,
    functionCall,
    functionCallOutput,
    reasoning,
    itemReference,
    unsupported,
  ]),
)

const input = z.preprocess(
  (value) =>
    typeof value === 'string' ? [{ type: 'message', role: 'user', content: value }] : value,
  z.array(inputItem),
)

const functionTool = z.looseObject({
  type: z.literal('function'),
  name: z.string().min(1),
  description: z.string().nullish(),
  parameters: z.record(z.string(), z.unknown()).nullish(),
  strict: z.boolean().nullish(),
})

const namespaceTool = z.looseObject({
  type: z.literal('namespace'),
  name: z.string().min(1),
  description: z.string().nullish(),
  tools: z.array(
    z.preprocess(byType(['function']), z.discriminatedUnion('type', [functionTool, unsupported])),
  ),
})

const tool = z.preprocess(
  byType(['function', 'namespace']),
  z.discriminatedUnion('type', [functionTool, namespaceTool, unsupported]),
)

const toolChoice = z.union([
  z.enum(['auto', 'none', 'required']),
  z.looseObject({
    type: z.string(),
    name: z.string().nullish(),
    mode: z.string().nullish(),
    tools: z.array(z.looseObject({ type: z.string(), name: z.string().nullish() })).nullish(),
  }),
])

const textFormat = z.preprocess(
  byType(['text', 'json_object', 'json_schema']),
  z.discriminatedUnion('type', [
    z.looseObject({ type: z.literal('text') }),
    z.looseObject({ type: z.literal('json_object') }),
    z.looseObject({
      type: z.literal('json_schema'),
      name: z.string().nullish(),
      schema: z.record(z.string(), z.unknown()),
    }),
    unsupported,
  ]),
)

const summaryLevel = z.enum(['auto', 'concise', 'detailed', 'none'])

export const responsesRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: input.optional(),
  instructions: z.string().nullish(),
  stream: z.boolean().nullish(),
  tools: z.array(tool).nullish(),
  tool_choice: toolChoice.nullish(),
  parallel_tool_calls: z.boolean().nullish(),
  max_output_tokens: z.number().int().positive().nullish(),
  temperature: z.number().nullish(),
  top_p: z.number().nullish(),
  reasoning: z
    .looseObject({
      // A plain string: OpenAI keeps adding levels; unknown ones leave Google's default.
      effort: z.string().nullish(),
      summary: summaryLevel.nullish(),
      generate_summary: summaryLevel.nullish(),
    })
    .nullish(),
  text: z.looseObject({ format: textFormat.nullish() }).nullish(),
  include: z.array(z.string()).nullish(),
  store: z.boolean().nullish(),
  previous_response_id: z.string().nullish(),
  prompt_cache_key: z.string().nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
  user: z.string().nullish(),
})

export type ResponsesRequest = z.infer<typeof responsesRequestSchema>
export type ResponsesInputItem = z.infer<typeof inputItem>
export type ResponsesContentPart = z.infer<typeof contentPart>
export type ResponsesTool = z.infer<typeof tool>
export type ResponsesFunctionTool = z.infer<typeof functionTool>
export type ResponsesToolChoice = z.infer<typeof toolChoice>
