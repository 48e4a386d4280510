import { describe, expect, it } from 'vitest'
import { messagesRequestSchema } from '../../../../src/core/proxy/anthropic/anthropic-request-schema'
import { anthropicToGemini } from '../../../../src/core/proxy/anthropic/anthropic-to-gemini'
import type {
  AnthropicStreamEvent,
  ContentBlock,
} from '../../../../src/core/proxy/anthropic/anthropic-types'
import { createAnthropicStreamTranslator } from '../../../../src/core/proxy/anthropic/anthropic-stream-translator'
import { estimateInputTokens } from '../../../../src/core/proxy/anthropic/count-tokens'
import { geminiToAnthropic } from '../../../../src/core/proxy/anthropic/gemini-to-anthropic'
import { mergeGeminiStream } from '../../../../src/core/proxy/gemini/merge-stream'
import { streamFixture, streamFixtures } from './fixtures'

const meta = { id: 'msg_test', model: 'claude-sonnet-4-6' }

function translate(name: string): AnthropicStreamEvent[] {
  const translator = createAnthropicStreamTranslator(meta)
  return [...streamFixture(name).flatMap((event) => translator.push(event)), ...translator.finish()]
}

/** Rebuilds the content blocks a client would assemble from the events. */
function assemble(events: AnthropicStreamEvent[]): ContentBlock[] {
  const blocks: any[] = []
  const json: Record<number, string> = {}
  for (const { event, data } of events) {
    if (event === 'content_block_start')
      blocks[data.index as number] = { ...(data.content_block as object) }
    if (event !== 'content_block_delta') continue
    const block = blocks[data.index as number]
    const delta = data.delta as Record<string, string>
    if (delta.type === 'text_delta') block.text += delta.text
    if (delta.type === 'thinking_delta') block.thinking += delta.thinking
    if (delta.type === 'signature_delta') block.signature += delta.signature
    if (delta.type === 'input_json_delta')
      json[data.index as number] = (json[data.index as number] ?? '') + delta.partial_json
  }
  for (const [index, text] of Object.entries(json)) blocks[Number(index)].input = JSON.parse(text)
  return blocks
}

describe('createAnthropicStreamTranslator on recorded Cloud Code streams', () => {
  for (const name of streamFixtures) {
    it(`emits a valid event sequence for ${name}, equal to the non-streamed answer`, () => {
      const events = translate(name)
      const names = events.map((item) => item.event)
      expect(names.slice(0, 2)).toEqual(['message_start', 'ping'])
      expect(names.slice(-2)).toEqual(['message_delta', 'message_stop'])
      for (const item of events) expect(item.data.type).toBe(item.event)
      let open: number | null = null
      let expected = 0
      for (const { event, data } of events) {
        if (event === 'content_block_start') {
          expect(open).toBeNull()
          expect(data.index).toBe(expected++)
          open = data.index as number
        } else if (event === 'content_block_delta') {
          expect(data.index).toBe(open)
        } else if (event === 'content_block_stop') {
          expect(data.index).toBe(open)
          open = null
        }
      }
      expect(open).toBeNull()
      const merged = geminiToAnthropic(mergeGeminiStream(streamFixture(name)), meta)
      expect(assemble(events)).toEqual(merged.content)
      const delta = events.find((item) => item.event === 'message_delta')?.data.delta as {
        stop_reason: string
      }
      expect(delta.stop_reason).toBe(merged.stop_reason)
    })
  }

  it('signs the reasoning that led to a tool call, and gives the call its arguments', () => {
    const blocks = assemble(translate('cloudcode-stream-thinking-functioncall.sse'))
    expect(blocks.map((block) => block.type)).toEqual(['thinking', 'tool_use'])
    expect(blocks[0]).toMatchObject({
      type: 'thinking',
      signature: 'Ep5FCptFARFNMg8HtIq2X2xsR/aOSzOq5Q5Vf',
    })
    expect(blocks[1]).toMatchObject({
      type: 'tool_use',
      id: 'call_9918231',
      name: 'run_command',
      input: { WaitMsBeforeAsync: 5000 },
    })
    const delta = translate('cloudcode-stream-thinking-functioncall.sse').find(
      (item) => item.event === 'message_delta',
    )
    expect(delta?.data).toMatchObject({
      delta: { stop_reason: 'tool_use' },
      usage: { output_tokens: 292, cache_read_input_tokens: 61440 },
    })
  })

  it('gives a signed call without visible reasoning an empty signed thinking block', () => {
    const blocks = assemble(translate('cloudcode-stream-functioncall-captured.sse'))
    expect(blocks[0]).toMatchObject({ type: 'thinking', thinking: '' })
    expect((blocks[0] as { signature: string }).signature.length).toBeGreaterThan(5)
    expect(blocks[1]).toMatchObject({ type: 'tool_use', id: '5hp24qb7' })
  })

  it('keeps Claude’s thinking signature on its thinking block', () => {
    const blocks = assemble(translate('cloudcode-stream-claude-thinking-partial.sse'))
    expect(blocks[0]?.type).toBe('thinking')
    expect((blocks[0] as { signature: string }).signature).not.toBe('')
  })

  it('round-trips: the answer sent back with a tool result reaches Gemini with its signature on the call', () => {
    const answer = geminiToAnthropic(
      mergeGeminiStream(streamFixture('cloudcode-stream-thinking-functioncall.sse')),
      meta,
    )
    const toolUse = answer.content.find((block) => block.type === 'tool_use')
    const gemini = anthropicToGemini(
      messagesRequestSchema.parse({
        model: 'gemini-3-flash',
        max_tokens: 100,
        messages: [
          { role: 'user', content: 'list my desktop' },
          { role: 'assistant', content: answer.content },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: toolUse?.type === 'tool_use' ? toolUse.id : '',
                content: 'a.txt',
              },
            ],
          },
        ],
      }),
    )
    const call = gemini.contents[1]?.parts.find((part) => part.functionCall)
    expect(call).toMatchObject({
      functionCall: { name: 'run_command', id: 'call_9918231' },
      thoughtSignature: 'Ep5FCptFARFNMg8HtIq2X2xsR/aOSzOq5Q5Vf',
    })
    expect(gemini.contents[2]?.parts[0]?.functionResponse).toEqual({
      name: 'run_command',
      id: 'call_9918231',
      response: { output: 'a.txt' },
    })
  })

  it('starts and ends a message even for an empty stream', () => {
    const translator = createAnthropicStreamTranslator(meta)
    expect(translator.finish().map((item) => item.event)).toEqual([
      'message_start',
      'ping',
      'message_delta',
      'message_stop',
    ])
  })
})

describe('estimateInputTokens', () => {
  it('grows with the content and counts tools and images', () => {
    const small = estimateInputTokens({ messages: [{ role: 'user', content: 'hi' }] })
    const text = estimateInputTokens({ messages: [{ role: 'user', content: 'word '.repeat(400) }] })
    const withTools = estimateInputTokens({
      messages: [{ role: 'user', content: 'hi' }],
      tools: [
        {
          name: 'Read',
          input_schema: { type: 'object', properties: { path: { type: 'string' } } },
        },
      ],
    })
    const withImage = estimateInputTokens({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'AAAA' } },
          ],
        },
      ],
    })
    expect(small).toBe(1)
    expect(text).toBe(500)
    expect(withTools).toBeGreaterThan(small + 10)
    expect(withImage).toBe(1600)
  })
})
