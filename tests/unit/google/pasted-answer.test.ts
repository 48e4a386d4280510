import { describe, expect, it } from 'vitest'
import { parsePastedAnswer } from '../../../src/core/google/pasted-answer'

describe('what a user pastes after signing in elsewhere', () => {
  it('reads the address the browser ended on, its query alone, or the code alone', () => {
    expect(
      parsePastedAnswer(
        'http://127.0.0.1:8045/oauth/callback?state=abc&code=4%2F0AbCd&scope=email',
      ),
    ).toEqual({ state: 'abc', code: '4/0AbCd', scope: 'email' })
    expect(parsePastedAnswer('?code=4/0AbCd&state=abc')).toEqual({ code: '4/0AbCd', state: 'abc' })
    expect(parsePastedAnswer('code=4/0AbCd&state=abc')).toEqual({ code: '4/0AbCd', state: 'abc' })
    expect(parsePastedAnswer('  4%2F0AbCd-xyz \n')).toEqual({ code: '4/0AbCd-xyz' })
    expect(parsePastedAnswer('4/0AbCd')).toEqual({ code: '4/0AbCd' })
  })

  it('keeps Google’s refusal, and says what is missing otherwise', () => {
    expect(
      parsePastedAnswer('http://localhost:1/oauth-callback?error=access_denied&state=s'),
    ).toEqual({ error: 'access_denied', state: 's' })
    expect(() => parsePastedAnswer('http://127.0.0.1:8045/oauth/callback?state=abc')).toThrow(
      /no sign-in code/,
    )
    expect(() => parsePastedAnswer('   ')).toThrow(/Paste the address or the code/)
  })
})
