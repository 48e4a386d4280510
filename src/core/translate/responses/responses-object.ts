import { randomUUID } from 'node:crypto'
import type { ResponsesRequest } from './responses-request-schema'
import type { ResponseObject } from './responses-types'

/** What a response says about itself that does not change while it is written. */
export interface ResponseMeta {
  /** `resp_…` */
  id: string
  /** Unix seconds. */
  createdAt: number
  /** The model name the client asked for. */
  model: string
  /** The request fields the Responses API repeats in every response object. */
  echo: Record<string, unknown>
}

/** An item or response id in OpenAI's style: a prefix and 32 hex digits. */
export const newId = (prefix: 'resp' | 'msg' | 'fc' | 'rs'): string =>
  `${prefix}_${randomUUID().replaceAll('-', '')}`

/**
 * The request settings a response repeats. Tools and choices are repeated as the client sent them
 * (the raw body), including the built-in tools agtray left out.
 */
export function echoedFields(
  body: ResponsesRequest,
  raw: Record<string, unknown>,
): Record<string, unknown> {
  const rawText = raw.text as { format?: unknown } | null | undefined
  return {
    background: false,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    metadata: body.metadata ?? {},
    parallel_tool_calls: body.parallel_tool_calls ?? true,
    previous_response_id: null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    reasoning: {
      effort: body.reasoning?.effort ?? null,
      summary: body.reasoning?.summary ?? body.reasoning?.generate_summary ?? null,
    },
    service_tier: 'default',
    store: body.store ?? true,
    temperature: body.temperature ?? null,
    text: { format: rawText?.format ?? { type: 'text' } },
    tool_choice: raw.tool_choice ?? 'auto',
    tools: Array.isArray(raw.tools) ? raw.tools : [],
    top_p: body.top_p ?? null,
    truncation: 'disabled',
    ...(body.user ? { user: body.user } : {}),
  }
}

/** What changes while a response is written, apart from its output items. */
export type ResponseProgress = Pick<
  ResponseObject,
  'status' | 'completed_at' | 'error' | 'incomplete_details' | 'usage'
>

export const responseObject = (
  meta: ResponseMeta,
  progress: ResponseProgress & Pick<ResponseObject, 'output'>,
): ResponseObject => ({
  id: meta.id,
  object: 'response',
  created_at: meta.createdAt,
  status: progress.status,
  completed_at: progress.completed_at,
  error: progress.error,
  incomplete_details: progress.incomplete_details,
  model: meta.model,
  output: progress.output,
  usage: progress.usage,
  ...meta.echo,
})
