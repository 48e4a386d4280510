import { describe, expect, it } from 'vitest'
import { geminiToAnthropic } from '../../../../src/core/translate/anthropic/gemini-to-anthropic'
import type { GeminiPart, GeminiResponse } from '../../../../src/core/translate/gemini/gemini-types'
import { mergeGeminiStream } from '../../../../src/core/translate/gemini/merge-stream'
import { meta, streamFixture } from './fixtures'

const answer = (parts: GeminiPart[], finishReason = 'STOP', extra: GeminiResponse = {}) =>
  geminiToAnthropic(
    { candidates: [{ content: { role: 'model', parts }, finishReason }], ...extra },
    meta,
  )

describe('geminiToAnthropic', () => {
  it('wraps the answer in a Message with usage split into cached and fresh input', () => {
    const message = answer([{ text: 'Hi' }], 'STOP', {
      usageMetadata: {
        promptTokenCount: 1000,
        cachedContentTokenCount: 600,
        candidatesTokenCount: 20,
        thoughtsTokenCount: 30,
      },
    })
    expect(message).toEqual({
      id: 'msg_test',
      type: 'message',
      role: 'assistant',
      model: 'claude-sonnet-4-6',
      content: [{ type: 'text', text: 'Hi' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: {
        input_tokens: 400,
        output_tokens: 50,
        cache_read_input_tokens: 600,
        cache_creation_input_tokens: 0,
      },
    })
  })

  it('counts zero tokens when Gemini reports no usage', () => {
    expect(answer([{ text: 'Hi' }]).usage).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cache_read_input_tokens: 0,
      cache_creation_input_tokens: 0,
    })
  })

  it('joins consecutive thoughts into one signed thinking block and consecutive text into one', () => {
    const message = answer([
      { text: 'Let me ', thought: true },
      { text: 'think.', thought: true },
      { text: '', thought: true, thoughtSignature: 'claude-sig' },
      { text: 'The answer ' },
      { text: 'is 4.' },
    ])
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Let me think.', signature: 'claude-sig' },
      { type: 'text', text: 'The answer is 4.' },
    ])
  })

  it('gives an unsigned thought an empty signature', () => {
    expect(answer([{ text: 'hm', thought: true }, { text: 'ok' }]).content).toEqual([
      { type: 'thinking', thinking: 'hm', signature: '' },
      { type: 'text', text: 'ok' },
    ])
  })

  it('drops the signature on a closing empty text part, and emits no empty text block', () => {
    const message = answer([{ text: 'Done.' }, { text: '', thoughtSignature: 'text-sig' }])
    expect(message.content).toEqual([{ type: 'text', text: 'Done.' }])
    expect(answer([{ text: '' }]).content).toEqual([])
  })

  it('signs the thinking right before a signed call (Gemini 3), and says tool_use', () => {
    const message = answer([
      { text: 'I should read it.', thought: true },
      { functionCall: { name: 'Read', args: { path: 'a' }, id: 'call_1' }, thoughtSignature: 'g3' },
    ])
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'I should read it.', signature: 'g3' },
      { type: 'tool_use', id: 'call_1', name: 'Read', input: { path: 'a' } },
    ])
    expect(message.stop_reason).toBe('tool_use')
  })

  it('puts an empty signed thinking block before a signed call with no thinking right before it', () => {
    const message = answer([
      { text: 'idea', thought: true },
      { text: 'Reading now.' },
      { functionCall: { name: 'Read', args: {} }, thoughtSignature: 'sig-call' },
    ])
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'idea', signature: '' },
      { type: 'text', text: 'Reading now.' },
      { type: 'thinking', thinking: '', signature: 'sig-call' },
      { type: 'tool_use', id: 'msg_test_toolu_0', name: 'Read', input: {} },
    ])
  })

  it('does not repeat a signature the thinking already carries (Claude signs thought and call)', () => {
    const message = answer([
      { text: 'plan', thought: true, thoughtSignature: 'same' },
      { functionCall: { name: 'Read', args: {}, id: 'toolu_vrtx_1' }, thoughtSignature: 'same' },
    ])
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'plan', signature: 'same' },
      { type: 'tool_use', id: 'toolu_vrtx_1', name: 'Read', input: {} },
    ])
  })

  it('mints ids from the message id and call index for calls Gemini gave none', () => {
    const message = answer([
      { functionCall: { name: 'A' } },
      { functionCall: { name: 'B', args: { x: 1 }, id: 'call_b' } },
      { functionCall: { name: 'C', args: {} } },
    ])
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'msg_test_toolu_0', name: 'A', input: {} },
      { type: 'tool_use', id: 'call_b', name: 'B', input: { x: 1 } },
      { type: 'tool_use', id: 'msg_test_toolu_2', name: 'C', input: {} },
    ])
  })

  it('maps the finish reason', () => {
    expect(answer([{ text: 'cut' }], 'MAX_TOKENS').stop_reason).toBe('max_tokens')
    expect(answer([], 'SAFETY').stop_reason).toBe('refusal')
    expect(answer([{ text: 'x' }], 'OTHER').stop_reason).toBe('end_turn')
  })

  it('answers an empty response with an empty end_turn message', () => {
    const message = geminiToAnthropic({}, meta)
    expect(message.content).toEqual([])
    expect(message.stop_reason).toBe('end_turn')
  })

  it('reads Claude’s recorded thinking stream into one signed thinking block', () => {
    const events = streamFixture('cloudcode-stream-claude-thinking-partial.sse')
    const signature = events.at(-1)?.candidates?.[0]?.content?.parts?.[0]?.thoughtSignature
    expect(signature?.length).toBeGreaterThan(100)
    expect(geminiToAnthropic(mergeGeminiStream(events), meta).content).toEqual([
      { type: 'thinking', thinking: '素。', signature },
    ])
  })
})
