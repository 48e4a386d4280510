import type { GeminiResponse, GeminiUsageMetadata } from '../gemini/gemini-types'
import { openAiFinishReason } from '../openai/finish-reason'
import type { OpenAiPiece } from '../openai/gemini-parts'
import { candidateParts, readGeminiPart, toolCallId } from '../openai/gemini-parts'
import type { ToolCallSignature } from '../openai/gemini-to-openai'
import type { ResponseMeta, ResponseProgress } from './responses-object'
import { newId, responseObject } from './responses-object'
import type { ToolNames } from './responses-tools'
import type {
  ItemStatus,
  MessageItem,
  OutputItem,
  ReasoningItem,
  ResponseObject,
  ResponsesStreamEvent,
} from './responses-types'
import { responsesUsage } from './responses-usage'

export interface ResponsesTranslatorOptions {
  meta: ResponseMeta
  names: ToolNames
  /** `reasoning.summary` was asked: thoughts become the reasoning item's summary. */
  showSummary: boolean
  /** `include` holds `reasoning.encrypted_content`: signatures go out in reasoning items. */
  includeEncrypted: boolean
  /** Unix seconds, for completed_at. */
  now(): number
}

export interface ResponsesStreamTranslator {
  /** response.created and response.in_progress, sent as soon as Google answered. */
  start(): ResponsesStreamEvent[]
  /** The events of one unwrapped Cloud Code event, in order. */
  push(event: GeminiResponse): ResponsesStreamEvent[]
  /** Closes the open item; then response.completed (or response.incomplete). */
  finish(): ResponsesStreamEvent[]
  /** response.failed, for a stream that broke before Google finished. */
  fail(message: string): ResponsesStreamEvent[]
  /** The response as it stands (final after finish or fail). */
  response(): ResponseObject
  /** Signatures of the function calls so far, for the route's cache. */
  signatures(): ToolCallSignature[]
}

type Open =
  | { kind: 'reasoning'; index: number; item: ReasoningItem; text: string; signature?: string }
  | { kind: 'message'; index: number; item: MessageItem; text: string }

type ToolCallPiece = Extract<OpenAiPiece, { kind: 'tool_call' }>

/**
 * Turns a Cloud Code stream into the Responses API's events as they arrive: thoughts become a
 * reasoning item, text a message item, each function call (Gemini sends them whole) a
 * function_call item with one arguments delta. Items are written one at a time, in output order.
 */
export function createResponsesStreamTranslator(
  options: ResponsesTranslatorOptions,
): ResponsesStreamTranslator {
  const { meta, names, showSummary, includeEncrypted } = options
  const output: OutputItem[] = []
  const signatures: ToolCallSignature[] = []
  let sequence = 0
  let open: Open | null = null
  // A signature that arrived on a part of its own, waiting for the call it belongs to.
  let looseSignature: string | undefined
  let toolCalls = 0
  let finishReason: string | undefined
  let usage: GeminiUsageMetadata | undefined
  let ended = false
  let progress: ResponseProgress = {
    status: 'in_progress',
    completed_at: null,
    error: null,
    incomplete_details: null,
    usage: null,
  }

  const snapshot = (): ResponseObject => responseObject(meta, { ...progress, output })
  const emit = (events: ResponsesStreamEvent[], type: string, fields: object): void => {
    // Copies: later deltas change the items, and an event is a moment.
    events.push({ type, sequence_number: sequence++, ...structuredClone(fields) })
  }
  /**
   * The response as it stands, as an event. Only what changes is copied: the echoed request
   * fields (Codex's tools and instructions, tens of kB) never do, and copying them into the
   * three or four response events of every answer cost more than the rest of the translation.
   */
  const emitResponse = (events: ResponsesStreamEvent[], type: string): void => {
    const changing = structuredClone({ ...progress, output })
    events.push({ type, sequence_number: sequence++, response: responseObject(meta, changing) })
  }
  const add = (events: ResponsesStreamEvent[], item: OutputItem): number => {
    output.push(item)
    emit(events, 'response.output_item.added', { output_index: output.length - 1, item })
    return output.length - 1
  }
  const ref = (at: { index: number; item: OutputItem }) => ({
    item_id: at.item.id,
    output_index: at.index,
  })

  const openReasoning = (events: ResponsesStreamEvent[], withSummary: boolean) => {
    const item: ReasoningItem = { type: 'reasoning', id: newId('rs'), summary: [] }
    const at = { kind: 'reasoning' as const, index: add(events, item), item, text: '' }
    if (withSummary) {
      item.summary.push({ type: 'summary_text', text: '' })
      emit(events, 'response.reasoning_summary_part.added', {
        ...ref(at),
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      })
    }
    open = at
    return at
  }

  const closeReasoning = (
    events: ResponsesStreamEvent[],
    at: Extract<Open, { kind: 'reasoning' }>,
    signature: string | undefined,
  ) => {
    const summary = at.item.summary[0]
    if (summary) {
      summary.text = at.text
      const fields = { ...ref(at), summary_index: 0 }
      emit(events, 'response.reasoning_summary_text.done', { ...fields, text: at.text })
      emit(events, 'response.reasoning_summary_part.done', { ...fields, part: summary })
    }
    if (includeEncrypted && signature) at.item.encrypted_content = signature
    emit(events, 'response.output_item.done', { output_index: at.index, item: at.item })
    open = null
  }

  const closeMessage = (
    events: ResponsesStreamEvent[],
    at: Extract<Open, { kind: 'message' }>,
    status: ItemStatus,
  ) => {
    const fields = { ...ref(at), content_index: 0 }
    emit(events, 'response.output_text.done', { ...fields, text: at.text, logprobs: [] })
    emit(events, 'response.content_part.done', { ...fields, part: at.item.content[0] })
    at.item.status = status
    emit(events, 'response.output_item.done', { output_index: at.index, item: at.item })
    open = null
  }

  const closeOpen = (events: ResponsesStreamEvent[], messageStatus: ItemStatus = 'completed') => {
    const at = open
    if (at?.kind === 'reasoning') closeReasoning(events, at, at.signature)
    else if (at?.kind === 'message') closeMessage(events, at, messageStatus)
  }

  const thought = (events: ResponsesStreamEvent[], text: string, signature?: string) => {
    let at = open
    if (at?.kind !== 'reasoning') {
      closeOpen(events)
      at = openReasoning(events, showSummary)
    }
    at.text += text
    if (signature) at.signature = signature
    if (showSummary)
      emit(events, 'response.reasoning_summary_text.delta', {
        ...ref(at),
        summary_index: 0,
        delta: text,
      })
  }

  const text = (events: ResponsesStreamEvent[], delta: string) => {
    let at = open
    if (at?.kind !== 'message') {
      closeOpen(events)
      const item: MessageItem = {
        type: 'message',
        id: newId('msg'),
        role: 'assistant',
        status: 'in_progress',
        content: [],
      }
      at = { kind: 'message', index: add(events, item), item, text: '' }
      open = at
      item.content.push({ type: 'output_text', text: '', annotations: [] })
      emit(events, 'response.content_part.added', {
        ...ref(at),
        content_index: 0,
        part: item.content[0],
      })
    }
    at.text += delta
    at.item.content[0]!.text = at.text
    emit(events, 'response.output_text.delta', {
      ...ref(at),
      content_index: 0,
      delta,
      logprobs: [],
    })
  }

  const call = (events: ResponsesStreamEvent[], piece: ToolCallPiece) => {
    const at = open
    const signature =
      piece.signature ?? (at?.kind === 'reasoning' ? at.signature : undefined) ?? looseSignature
    looseSignature = undefined
    if (at?.kind === 'reasoning') closeReasoning(events, at, signature)
    else {
      closeOpen(events)
      // The signature must reach the client ahead of its call, as in a reasoning item of its own.
      if (includeEncrypted && signature)
        closeReasoning(events, openReasoning(events, false), signature)
    }
    const callId = toolCallId(piece.id, meta.id, toolCalls++)
    const client = names.clientName(piece.name)
    const item = {
      type: 'function_call' as const,
      id: newId('fc'),
      call_id: callId,
      name: client.name,
      ...(client.namespace ? { namespace: client.namespace } : {}),
      arguments: '',
      status: 'in_progress' as ItemStatus,
    }
    const index = add(events, item)
    const fields = { item_id: item.id, output_index: index }
    emit(events, 'response.function_call_arguments.delta', { ...fields, delta: piece.arguments })
    item.arguments = piece.arguments
    emit(events, 'response.function_call_arguments.done', {
      ...fields,
      name: client.name,
      arguments: piece.arguments,
    })
    item.status = 'completed'
    emit(events, 'response.output_item.done', { output_index: index, item })
    if (signature) signatures.push({ toolCallId: callId, signature })
  }

  return {
    start() {
      const events: ResponsesStreamEvent[] = []
      emitResponse(events, 'response.created')
      emitResponse(events, 'response.in_progress')
      return events
    },
    push(event) {
      if (ended) return []
      const events: ResponsesStreamEvent[] = []
      finishReason = event.candidates?.[0]?.finishReason ?? finishReason
      // Cumulative in every event, so the last one seen is the total.
      usage = event.usageMetadata ?? usage
      for (const part of candidateParts(event)) {
        const piece = readGeminiPart(part)
        if (piece?.kind === 'tool_call') call(events, piece)
        else if (piece?.kind === 'reasoning') thought(events, piece.text, part.thoughtSignature)
        else if (piece?.kind === 'content') text(events, piece.text)
        else if (part.thoughtSignature) {
          // An empty part that only signs: the open reasoning's (Claude), or the next call's.
          const at = open
          if (at?.kind === 'reasoning') at.signature = part.thoughtSignature
          else if (part.thought) looseSignature = part.thoughtSignature
        }
      }
      return events
    },
    finish() {
      if (ended) return []
      ended = true
      const events: ResponsesStreamEvent[] = []
      const reason = openAiFinishReason(finishReason, toolCalls > 0)
      const incomplete =
        reason === 'length'
          ? ({ reason: 'max_output_tokens' } as const)
          : reason === 'content_filter'
            ? ({ reason: 'content_filter' } as const)
            : null
      closeOpen(events, incomplete ? 'incomplete' : 'completed')
      progress = {
        status: incomplete ? 'incomplete' : 'completed',
        completed_at: incomplete ? null : options.now(),
        error: null,
        incomplete_details: incomplete,
        usage: responsesUsage(usage ?? {}),
      }
      emitResponse(events, `response.${progress.status}`)
      return events
    },
    fail(message) {
      if (ended) return []
      ended = true
      const at = open
      if (at?.kind === 'message') at.item.status = 'incomplete'
      const events: ResponsesStreamEvent[] = []
      progress = {
        ...progress,
        status: 'failed',
        error: { code: 'server_error', message },
        usage: usage ? responsesUsage(usage) : null,
      }
      emitResponse(events, 'response.failed')
      return events
    },
    response: snapshot,
    signatures: () => [...signatures],
  }
}
