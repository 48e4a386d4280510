import { describe, expect, it } from 'vitest'
import { createAnthropicStreamTranslator } from '../../../../src/core/translate/anthropic/anthropic-stream-translator'
import type { AnthropicStreamEvent } from '../../../../src/core/translate/anthropic/anthropic-types'
import { geminiToAnthropic } from '../../../../src/core/translate/anthropic/gemini-to-anthropic'
import type { GeminiResponse } from '../../../../src/core/translate/gemini/gemini-types'
import { mergeGeminiStream } from '../../../../src/core/translate/gemini/merge-stream'
import { meta, streamFixture, streamFixtures } from './fixtures'
import { assemble, sequenceProblems } from './stream-events'

function translateAll(events: readonly GeminiResponse[]): AnthropicStreamEvent[] {
  const translator = createAnthropicStreamTranslator(meta)
  return [...events.flatMap((event) => translator.push(event)), ...translator.finish()]
}

const translate = (name: string) => translateAll(streamFixture(name))

const deltaTypes = (events: AnthropicStreamEvent[]) =>
  events.map((item) =>
    item.event === 'content_block_delta'
      ? `${String(item.data.index)}:${(item.data.delta as { type: string }).type}`
      : item.event === 'content_block_start'
        ? `start ${String(item.data.index)}:${(item.data.content_block as { type: string }).type}`
        : item.event === 'content_block_stop'
          ? `stop ${String(item.data.index)}`
          : item.event,
  )

describe('createAnthropicStreamTranslator on every recorded Cloud Code stream', () => {
  it('has streams to test', () => {
    expect(streamFixtures.length).toBeGreaterThanOrEqual(7)
  })

  for (const name of streamFixtures) {
    describe(name, () => {
      const events = translate(name)
      const merged = geminiToAnthropic(mergeGeminiStream(streamFixture(name)), meta)
      const calls = streamFixture(name).flatMap(
        (event) =>
          event.candidates?.[0]?.content?.parts?.flatMap((part) =>
            part.functionCall ? [part.functionCall] : [],
          ) ?? [],
      )

      it('emits a valid event sequence', () => {
        expect(sequenceProblems(events)).toEqual([])
      })

      it('builds the same blocks, stop reason and usage as the merged, non-streamed answer', () => {
        expect(assemble(events)).toEqual(merged.content)
        const delta = events.find((item) => item.event === 'message_delta')?.data
        expect(delta).toEqual({
          type: 'message_delta',
          delta: { stop_reason: merged.stop_reason, stop_sequence: null },
          usage: {
            output_tokens: merged.usage.output_tokens,
            input_tokens: merged.usage.input_tokens,
            cache_read_input_tokens: merged.usage.cache_read_input_tokens,
          },
        })
      })

      it('signs each signed thinking block with a signature_delta before it stops', () => {
        for (const [index, block] of merged.content.entries()) {
          if (block.type !== 'thinking' || block.signature === '') continue
          const signatureAt = events.findIndex(
            (item) =>
              item.data.index === index &&
              (item.data.delta as { type?: string } | undefined)?.type === 'signature_delta',
          )
          const stopAt = events.findIndex(
            (item) => item.event === 'content_block_stop' && item.data.index === index,
          )
          expect(signatureAt).toBeGreaterThan(0)
          expect(signatureAt).toBeLessThan(stopAt)
          expect(events[signatureAt]?.data.delta).toEqual({
            type: 'signature_delta',
            signature: block.signature,
          })
        }
      })

      it('sends each call’s arguments as input JSON, and stops for tool_use after a call', () => {
        const inputs = events
          .filter(
            (item) =>
              (item.data.delta as { type?: string } | undefined)?.type === 'input_json_delta',
          )
          .map((item) => JSON.parse((item.data.delta as { partial_json: string }).partial_json))
        expect(inputs).toEqual(calls.map((call) => call.args ?? {}))
        const stop = (events.at(-2)?.data.delta as { stop_reason: string }).stop_reason
        if (calls.length > 0) expect(stop).toBe('tool_use')
        else expect(stop).not.toBe('tool_use')
      })
    })
  }
})

describe('createAnthropicStreamTranslator event by event', () => {
  it('turns Gemini 3’s thinking and signed call into the exact Anthropic sequence', () => {
    const events = translate('cloudcode-stream-thinking-functioncall.sse')
    expect(deltaTypes(events)).toEqual([
      'message_start',
      'ping',
      'start 0:thinking',
      '0:thinking_delta',
      '0:signature_delta',
      'stop 0',
      'start 1:tool_use',
      '1:input_json_delta',
      'stop 1',
      'message_delta',
      'message_stop',
    ])
    expect(events[0]?.data).toEqual({
      type: 'message_start',
      message: {
        id: 'msg_test',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-6',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: {
          input_tokens: 63888,
          output_tokens: 0,
          cache_read_input_tokens: 0,
          cache_creation_input_tokens: 0,
        },
      },
    })
    expect(events[2]?.data.content_block).toEqual({ type: 'thinking', thinking: '', signature: '' })
    expect(events[4]?.data.delta).toEqual({
      type: 'signature_delta',
      signature: 'Ep5FCptFARFNMg8HtIq2X2xsR/aOSzOq5Q5Vf',
    })
    expect(events[6]?.data.content_block).toEqual({
      type: 'tool_use',
      id: 'call_9918231',
      name: 'run_command',
      input: {},
    })
    expect(events[9]?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use', stop_sequence: null },
      usage: { output_tokens: 292, input_tokens: 2448, cache_read_input_tokens: 61440 },
    })
  })

  it('gives a signed call without visible reasoning an empty signed thinking block', () => {
    const events = translate('cloudcode-stream-functioncall-captured.sse')
    expect(deltaTypes(events).slice(2, -2)).toEqual([
      'start 0:thinking',
      '0:signature_delta',
      'stop 0',
      'start 1:tool_use',
      '1:input_json_delta',
      'stop 1',
    ])
    expect(assemble(events)).toEqual([
      { type: 'thinking', thinking: '', signature: 'EpUFCpIFARFNMg9gRRWY7S9ev8ODKx91C67n' },
      { type: 'tool_use', id: '5hp24qb7', name: 'get_weather', input: { city: 'Paris' } },
    ])
  })

  it('keeps Claude’s thinking deltas and closing signature in one block', () => {
    const events = translate('cloudcode-stream-claude-thinking-partial.sse')
    expect(deltaTypes(events).slice(2, -2)).toEqual([
      'start 0:thinking',
      '0:thinking_delta',
      '0:signature_delta',
      'stop 0',
    ])
  })

  it('passes each thought and text on as it arrives, switching blocks when the kind changes', () => {
    const translator = createAnthropicStreamTranslator(meta)
    const step = (parts: GeminiResponse['candidates']) =>
      deltaTypes(translator.push({ candidates: parts }))
    const part = (text: string, thought = false) => [
      { content: { role: 'model' as const, parts: [{ text, ...(thought ? { thought } : {}) }] } },
    ]
    expect(step(part('a', true))).toEqual([
      'message_start',
      'ping',
      'start 0:thinking',
      '0:thinking_delta',
    ])
    expect(step(part('b', true))).toEqual(['0:thinking_delta'])
    expect(step(part('c'))).toEqual(['stop 0', 'start 1:text', '1:text_delta'])
    expect(step(part('d'))).toEqual(['1:text_delta'])
    expect(step(part('e', true))).toEqual(['stop 1', 'start 2:thinking', '2:thinking_delta'])
    expect(deltaTypes(translator.finish())).toEqual(['stop 2', 'message_delta', 'message_stop'])
  })

  it('closes a text block before a call and mints the call an id when Gemini gave none', () => {
    const events = translateAll([
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ text: 'Reading.' }, { functionCall: { name: 'Read', args: { p: 1 } } }],
            },
            finishReason: 'STOP',
          },
        ],
      },
    ])
    expect(deltaTypes(events).slice(2, -2)).toEqual([
      'start 0:text',
      '0:text_delta',
      'stop 0',
      'start 1:tool_use',
      '1:input_json_delta',
      'stop 1',
    ])
    expect(events[5]?.data.content_block).toEqual({
      type: 'tool_use',
      id: 'msg_test_toolu_0',
      name: 'Read',
      input: {},
    })
  })

  it('starts and ends a message even for an empty stream, and says nothing after message_stop', () => {
    const translator = createAnthropicStreamTranslator(meta)
    const events = translator.finish()
    expect(events.map((item) => item.event)).toEqual([
      'message_start',
      'ping',
      'message_delta',
      'message_stop',
    ])
    expect(events[2]?.data).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 0, input_tokens: 0, cache_read_input_tokens: 0 },
    })
    expect(translator.finish()).toEqual([])
    expect(translator.push({ candidates: [{ content: { parts: [{ text: 'late' }] } }] })).toEqual(
      [],
    )
  })

  it('reports max_tokens when Gemini ran out of tokens', () => {
    const events = translateAll([
      {
        candidates: [
          { content: { role: 'model', parts: [{ text: 'cut' }] }, finishReason: 'MAX_TOKENS' },
        ],
      },
    ])
    expect(events.at(-2)?.data.delta).toEqual({ stop_reason: 'max_tokens', stop_sequence: null })
  })
})
