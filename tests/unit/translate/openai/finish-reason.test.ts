import { describe, expect, it } from 'vitest'
import { openAiFinishReason } from '../../../../src/core/translate/openai/finish-reason'

describe('openAiFinishReason', () => {
  it.each([
    ['STOP', 'stop'],
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['RECITATION', 'content_filter'],
    ['BLOCKLIST', 'content_filter'],
    ['PROHIBITED_CONTENT', 'content_filter'],
    ['SPII', 'content_filter'],
    ['IMAGE_SAFETY', 'content_filter'],
    ['MALFORMED_FUNCTION_CALL', 'stop'],
    ['OTHER', 'stop'],
    ['FINISH_REASON_UNSPECIFIED', 'stop'],
    [undefined, 'stop'],
  ] as const)('maps %s without tool calls to %s', (gemini, openai) => {
    expect(openAiFinishReason(gemini, false)).toBe(openai)
  })

  it('answers tool_calls whenever a tool call was emitted, so agents run the tools', () => {
    expect(openAiFinishReason('STOP', true)).toBe('tool_calls')
    expect(openAiFinishReason(undefined, true)).toBe('tool_calls')
    expect(openAiFinishReason('MAX_TOKENS', true)).toBe('tool_calls')
  })
})
