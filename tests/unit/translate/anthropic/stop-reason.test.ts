import { describe, expect, it } from 'vitest'
import { anthropicStopReason } from '../../../../src/core/translate/anthropic/stop-reason'

describe('anthropicStopReason', () => {
  it('says end_turn for STOP, tool_use when the answer holds a call', () => {
    expect(anthropicStopReason('STOP', false)).toBe('end_turn')
    expect(anthropicStopReason('STOP', true)).toBe('tool_use')
  })

  it('says max_tokens for MAX_TOKENS, even after a call', () => {
    expect(anthropicStopReason('MAX_TOKENS', false)).toBe('max_tokens')
    expect(anthropicStopReason('MAX_TOKENS', true)).toBe('max_tokens')
  })

  it('says refusal for every blocking reason', () => {
    for (const reason of ['SAFETY', 'PROHIBITED_CONTENT', 'BLOCKLIST', 'SPII', 'RECITATION']) {
      expect(anthropicStopReason(reason, false), reason).toBe('refusal')
    }
  })

  it('says end_turn for other or missing reasons, tool_use if a call came', () => {
    expect(anthropicStopReason('MALFORMED_FUNCTION_CALL', false)).toBe('end_turn')
    expect(anthropicStopReason('OTHER', false)).toBe('end_turn')
    expect(anthropicStopReason(undefined, false)).toBe('end_turn')
    expect(anthropicStopReason(undefined, true)).toBe('tool_use')
  })
})
