import { describe, expect, it } from 'vitest'
import { sessionIdOf } from '../../../../src/core/translate/anthropic/anthropic-session-id'

describe('sessionIdOf', () => {
  it('takes the x-claude-code-session-id header first', () => {
    expect(sessionIdOf('da615649', '{"session_id":"other"}')).toBe('da615649')
  })

  it('takes the session_id of a JSON user_id (Claude Code 2.1)', () => {
    const userId = JSON.stringify({ device_id: 'e963', account_uuid: '', session_id: 'da615649' })
    expect(sessionIdOf(undefined, userId)).toBe('da615649')
    expect(sessionIdOf('  ', userId)).toBe('da615649')
  })

  it('keeps any other user_id as it is', () => {
    expect(sessionIdOf(undefined, 'user_abc_account__session_1')).toBe(
      'user_abc_account__session_1',
    )
    expect(sessionIdOf(undefined, '{not json')).toBe('{not json')
    expect(sessionIdOf(undefined, '{"device_id":"d"}')).toBe('{"device_id":"d"}')
  })

  it('has none without a header or user_id', () => {
    expect(sessionIdOf(undefined, undefined)).toBeUndefined()
    expect(sessionIdOf(undefined, null)).toBeUndefined()
    expect(sessionIdOf(undefined, '')).toBeUndefined()
  })
})
