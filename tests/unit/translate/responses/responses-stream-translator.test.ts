import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator'
import type { ResponseStreamEvent } from 'openai/resources/responses/responses'
import { describe, expect, it } from 'vitest'
import type { GeminiPart, GeminiResponse } from '../../../../src/core/translate/gemini/gemini-types'
import { responsesRequestSchema } from '../../../../src/core/translate/responses/responses-request-schema'
import type { ResponsesTranslatorOptions } from '../../../../src/core/translate/responses/responses-stream-translator'
import { createResponsesStreamTranslator } from '../../../../src/core/translate/responses/responses-stream-translator'
import { createToolNames } from '../../../../src/core/translate/responses/responses-tools'
import type { ResponsesStreamEvent } from '../../../../src/core/translate/responses/responses-types'
import { streamFixture, streamFixtures } from '../anthropic/fixtures'

const meta = { id: 'resp_test', createdAt: 1_800_000_000, model: 'gpt-5-codex', echo: {} }

function translatorOf(options: Partial<ResponsesTranslatorOptions> = {}) {
  return createResponsesStreamTranslator({
    meta,
    names: createToolNames({}),
    showSummary: true,
    includeEncrypted: true,
    now: () => 1_800_000_001,
    ...options,
  })
}

function translateAll(
  events: readonly GeminiResponse[],
  options?: Partial<ResponsesTranslatorOptions>,
) {
  const translator = translatorOf(options)
  const out = [
    ...translator.start(),
    ...events.flatMap((event) => translator.push(event)),
    ...translator.finish(),
  ]
  return { events: out, response: translator.response(), translator }
}

/** What the openai SDK builds from the events; it throws on an event out of place. */
function accumulated(events: readonly ResponsesStreamEvent[]) {
  let snapshot
  for (const event of events)
    snapshot = accumulateResponse(event as unknown as ResponseStreamEvent, snapshot)
  return snapshot
}

/**
 * The order the Responses API keeps: items added and done one at a time with output indexes
 * 0, 1, 2…, deltas only for the open item, and the lifecycle events around them.
 */
function sequenceProblems(events: readonly ResponsesStreamEvent[]): string[] {
  const problems: string[] = []
  const types = events.map((event) => event.type)
  if (types[0] !== 'response.created' || types[1] !== 'response.in_progress')
    problems.push('must open with response.created, response.in_progress')
  if (!/^response\.(completed|incomplete|failed)$/.test(types.at(-1) ?? ''))
    problems.push('must close with response.completed, incomplete or failed')
  let open: number | null = null
  let next = 0
  for (const [position, event] of events.entries()) {
    const at = `${position} ${event.type}`
    if (event.sequence_number !== position)
      problems.push(`${at}: sequence ${event.sequence_number}`)
    if (event.type === 'response.output_item.added') {
      if (open !== null) problems.push(`${at}: item ${open} still open`)
      if (event.output_index !== next) problems.push(`${at}: index ${String(event.output_index)}`)
      open = next
      next += 1
    } else if (event.type === 'response.output_item.done') {
      if (event.output_index !== open)
        problems.push(`${at}: item ${String(event.output_index)} is not open`)
      open = null
    } else if ('output_index' in event && event.output_index !== open) {
      problems.push(`${at}: item ${String(event.output_index)} is not open`)
    }
  }
  if (open !== null && types.at(-1) !== 'response.failed') problems.push(`item ${open} never done`)
  return problems
}

const partsOf = (events: readonly GeminiResponse[]): GeminiPart[] =>
  events.flatMap((event) => event.candidates?.[0]?.content?.parts ?? [])

const event = (parts: GeminiPart[], extra: Record<string, unknown> = {}): GeminiResponse => ({
  candidates: [{ content: { role: 'model', parts }, ...extra }],
})

describe('createResponsesStreamTranslator on every recorded Cloud Code stream', () => {
  it('has streams to test', () => {
    expect(streamFixtures.length).toBeGreaterThanOrEqual(7)
  })

  for (const name of streamFixtures) {
    describe(name, () => {
      const gemini = streamFixture(name)
      const { events, response } = translateAll(gemini)

      it('keeps the Responses event order, numbered from 0', () => {
        expect(sequenceProblems(events)).toEqual([])
      })

      it('lets the openai SDK rebuild exactly the final response from the events', () => {
        expect(accumulated(events)).toEqual({
          ...response,
          output_text: expect.any(String),
        })
        expect(events.at(-1)?.response).toEqual(response)
      })

      it('carries the answer text, the thoughts as summary, and every call', () => {
        const parts = partsOf(gemini)
        const text = parts.filter((p) => !p.thought && !p.functionCall).map((p) => p.text ?? '')
        const thoughts = parts.filter((p) => p.thought).map((p) => p.text ?? '')
        const items = response.output
        const message = items.filter((item) => item.type === 'message')
        expect(message.map((item) => item.content[0]?.text).join('')).toBe(text.join(''))
        expect(
          items.flatMap((item) =>
            item.type === 'reasoning' ? item.summary.map((s) => s.text) : [],
          ),
        ).toEqual(thoughts.some(Boolean) ? [thoughts.join('')] : [])
        expect(
          items.flatMap((item) =>
            item.type === 'function_call' ? [[item.name, JSON.parse(item.arguments)]] : [],
          ),
        ).toEqual(
          parts.flatMap((p) =>
            p.functionCall ? [[p.functionCall.name, p.functionCall.args]] : [],
          ),
        )
      })

      it('hands out each call’s signature in the reasoning item just before it', () => {
        const calls = partsOf(gemini).filter((part) => part.functionCall)
        for (const call of calls) {
          const index = response.output.findIndex(
            (item) => item.type === 'function_call' && item.call_id === call.functionCall?.id,
          )
          const before = response.output[index - 1]
          expect(before?.type).toBe('reasoning')
          if (before?.type === 'reasoning')
            expect(before.encrypted_content).toBe(call.thoughtSignature)
        }
      })
    })
  }
})

describe('createResponsesStreamTranslator', () => {
  const thinkingCall = streamFixture('cloudcode-stream-thinking-functioncall.sse')
  const signature = partsOf(thinkingCall).find((part) => part.functionCall)?.thoughtSignature

  it('closes the thinking with the signature of the call it led to', () => {
    const { response, translator } = translateAll(thinkingCall)
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'function_call'])
    expect(response.output[0]).toMatchObject({ encrypted_content: signature })
    expect(response.output[1]).toMatchObject({
      type: 'function_call',
      call_id: 'call_9918231',
      name: 'run_command',
      status: 'completed',
    })
    expect(translator.signatures()).toEqual([{ toolCallId: 'call_9918231', signature }])
  })

  it('shows no summary unless asked, and no signature unless included', () => {
    const { events, response, translator } = translateAll(thinkingCall, {
      showSummary: false,
      includeEncrypted: false,
    })
    expect(events.map((e) => e.type).filter((type) => type.includes('summary'))).toEqual([])
    expect(response.output[0]).toEqual({ type: 'reasoning', id: expect.any(String), summary: [] })
    // Still remembered, for clients that send the call back without its reasoning.
    expect(translator.signatures()).toEqual([{ toolCallId: 'call_9918231', signature }])
  })

  it('gives a signed call after text a reasoning item of its own', () => {
    const { response } = translateAll([
      event([{ text: 'Let me look.' }]),
      event([{ functionCall: { name: 'ls', args: {}, id: 'c1' }, thoughtSignature: 'SIG' }], {
        finishReason: 'STOP',
      }),
    ])
    expect(response.output.map((item) => item.type)).toEqual([
      'message',
      'reasoning',
      'function_call',
    ])
    expect(response.output[1]).toMatchObject({ encrypted_content: 'SIG', summary: [] })
  })

  it('gives a call without an upstream id one derived from the response', () => {
    const { response } = translateAll([event([{ functionCall: { name: 'ls' } }])])
    expect(response.output[0]).toMatchObject({ call_id: 'resp_test-call-0', arguments: '{}' })
  })

  it('names a namespaced function by its own name and namespace', () => {
    const request = responsesRequestSchema.parse({
      model: 'm',
      tools: [{ type: 'namespace', name: 'crm', tools: [{ type: 'function', name: 'lookup' }] }],
    })
    const { events, response } = translateAll(
      [event([{ functionCall: { name: 'crm__lookup', args: { id: 1 }, id: 'c1' } }])],
      { names: createToolNames(request) },
    )
    expect(response.output[0]).toMatchObject({
      name: 'lookup',
      namespace: 'crm',
      arguments: '{"id":1}',
    })
    expect(events.find((e) => e.type === 'response.function_call_arguments.done')).toMatchObject({
      name: 'lookup',
      arguments: '{"id":1}',
    })
  })

  it('ends as incomplete when Google hit the output limit', () => {
    const { events, response } = translateAll([
      event([{ text: 'Once upon' }], { finishReason: 'MAX_TOKENS' }),
    ])
    expect(events.at(-1)?.type).toBe('response.incomplete')
    expect(response).toMatchObject({
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
      completed_at: null,
    })
    expect(response.output[0]).toMatchObject({ type: 'message', status: 'incomplete' })
    expect(sequenceProblems(events)).toEqual([])
  })

  it('counts usage as the Responses API does: thinking inside the output', () => {
    const { response } = translateAll([
      {
        ...event([{ text: 'hi' }], { finishReason: 'STOP' }),
        usageMetadata: {
          promptTokenCount: 100,
          cachedContentTokenCount: 60,
          candidatesTokenCount: 5,
          thoughtsTokenCount: 20,
          totalTokenCount: 125,
        },
      },
    ])
    expect(response.usage).toEqual({
      input_tokens: 100,
      input_tokens_details: { cached_tokens: 60, cache_write_tokens: 0 },
      output_tokens: 25,
      output_tokens_details: { reasoning_tokens: 20 },
      total_tokens: 125,
    })
  })

  it('ends a broken stream with response.failed and nothing after it', () => {
    const translator = translatorOf()
    const events = [...translator.start(), ...translator.push(event([{ text: 'Hel' }]))]
    events.push(...translator.fail('cut'), ...translator.finish())
    expect(events.map((e) => e.type).slice(-2)).toEqual([
      'response.output_text.delta',
      'response.failed',
    ])
    expect(translator.response()).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'cut' },
    })
    expect(translator.response().output[0]).toMatchObject({ type: 'message', status: 'incomplete' })
    expect(sequenceProblems(events)).toEqual([])
    expect(() => accumulated(events)).not.toThrow()
  })
})
