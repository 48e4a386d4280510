import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  classifyUpstreamFailure,
  parseGoogleDuration,
} from '../../../src/core/pool/upstream-failure'

const fixture = (name: string): string =>
  readFileSync(path.join(__dirname, '../../fixtures', name), 'utf8')

describe('parseGoogleDuration', () => {
  it('reads the durations Google writes', () => {
    expect(parseGoogleDuration('1.354703728s')).toBe(1355)
    expect(parseGoogleDuration('634.846608ms')).toBe(635)
    expect(parseGoogleDuration('108h48m20.795762633s')).toBe(391_700_796)
    expect(parseGoogleDuration('40s')).toBe(40_000)
    expect(parseGoogleDuration('soon')).toBeNull()
  })
})

describe('classifyUpstreamFailure', () => {
  it('rests an account for the model after a rate limit, for the hinted time', () => {
    const failure = classifyUpstreamFailure(429, fixture('error-429-rate-limit-exceeded.json'))
    expect(failure).toMatchObject({
      reason: 'RATE_LIMIT_EXCEEDED',
      scope: 'model',
      retryElsewhere: true,
    })
    expect(failure.cooldownMs).toBe(1355)
  })

  it('rests it until the quota resets (capped at a day) when the quota is exhausted', () => {
    const failure = classifyUpstreamFailure(429, fixture('error-429-quota-exhausted.json'))
    expect(failure).toMatchObject({
      reason: 'QUOTA_EXHAUSTED',
      scope: 'model',
      cooldownMs: 24 * 60 * 60_000,
    })
    const seconds = classifyUpstreamFailure(
      429,
      fixture('error-429-quota-exhausted-seconds-delay.json'),
    )
    expect(seconds.cooldownMs).toBeGreaterThan(60_000)
  })

  it('uses a short default for a bare 429', () => {
    expect(classifyUpstreamFailure(429, fixture('error-429-bare.json'))).toMatchObject({
      cooldownMs: 5000,
      scope: 'model',
    })
  })

  it('rests the whole account on 403 (verification required) and asks for a new token on 401', () => {
    expect(
      classifyUpstreamFailure(403, fixture('error-403-validation-required.json')),
    ).toMatchObject({
      reason: 'VALIDATION_REQUIRED',
      scope: 'account',
      retryElsewhere: true,
    })
    expect(classifyUpstreamFailure(401, fixture('error-401-unauthenticated.json'))).toMatchObject({
      invalidateToken: true,
      retryElsewhere: true,
      cooldownMs: 0,
    })
  })

  it('does not retry a request Google calls invalid', () => {
    expect(
      classifyUpstreamFailure(400, fixture('error-400-unknown-field-in-schema.json')),
    ).toMatchObject({
      retryElsewhere: false,
      scope: 'none',
    })
  })

  it('honours the hint of a capacity error', () => {
    expect(
      classifyUpstreamFailure(503, fixture('error-503-model-capacity-exhausted.json')).cooldownMs,
    ).toBe(40_000)
  })
})
