import { describe, expect, it } from 'vitest'
import { parsePastedAnswer } from '../../../src/core/google/pasted-oauth-answer'

describe('what a user pastes to finish a sign-in', () => {
  it('reads the whole address the browser ended on', () => {
    expect(
      parsePastedAnswer(
        '  http://127.0.0.1:53121/oauth-callback?state=abc&code=4/0AVG-x_y&scope=openid\n',
      ),
    ).toEqual({ state: 'abc', code: '4/0AVG-x_y', scope: 'openid' })
  })

  it('reads its query alone, with or without the "?"', () => {
    expect(parsePastedAnswer('?code=4/0A&state=s')).toEqual({ code: '4/0A', state: 's' })
    expect(parsePastedAnswer('code=4/0A&state=s')).toEqual({ code: '4/0A', state: 's' })
  })

  it('takes a code alone', () => {
    expect(parsePastedAnswer('4/0AVGzR1Bx-code_value')).toEqual({ code: '4/0AVGzR1Bx-code_value' })
  })

  it('refuses what is neither, saying what to paste', () => {
    expect(() => parsePastedAnswer('')).toThrow(/Paste the address/)
    expect(() => parsePastedAnswer('hello there')).toThrow(/code=/)
    expect(() => parsePastedAnswer('https://example.com/somewhere?x=1')).toThrow(/code=/)
  })
})
