import { describe, expect, it } from 'vitest'
import type { ProxyError } from '../../../src/core/http/ai/protocol-errors'
import { chooseRefusal } from '../../../src/core/http/ai/refusal-choice'

const now = 1_000_000
const rateLimit = (message: string, retryAfterMs: number): ProxyError => ({
  status: 429,
  kind: 'rate_limit',
  message,
  retryAfterMs,
})
const shortLimit = { error: rateLimit('ana: retry soon', 1355), backAt: now + 1355 }
const longQuota = { error: rateLimit('bob: resets in 108h', 391_700_796), backAt: now + 86_400_000 }

describe('chooseRefusal', () => {
  it('sends the last refusal with Google’s hint while an account could serve at once', () => {
    expect(chooseRefusal([shortLimit, longQuota], null, now)).toBe(longQuota.error)
  })

  it('when every account rests, sends the refusal of the account back first, and its time', () => {
    const chosen = chooseRefusal([shortLimit, longQuota], now + 1355, now)
    expect(chosen).toMatchObject({ message: 'ana: retry soon', retryAfterMs: 1355 })
  })

  it('tells the soonest time back even when an account not tried now is back sooner', () => {
    const chosen = chooseRefusal([longQuota], now + 5000, now)
    expect(chosen).toMatchObject({ message: 'bob: resets in 108h', retryAfterMs: 5000 })
  })

  it('trusts Google’s longer wait over agtray’s one-day cap for the account back first', () => {
    const chosen = chooseRefusal([longQuota], now + 86_400_000, now)
    expect(chosen?.retryAfterMs).toBe(391_700_796)
  })

  it('attaches no wait to a refusal that waiting does not cure', () => {
    const verify: ProxyError = { status: 403, kind: 'permission', message: 'verify' }
    const chosen = chooseRefusal([{ error: verify, backAt: now + 600_000 }], now + 600_000, now)
    expect(chosen).toBe(verify)
  })

  it('has nothing to say without a refusal', () => {
    expect(chooseRefusal([], now + 1000, now)).toBeNull()
  })
})
