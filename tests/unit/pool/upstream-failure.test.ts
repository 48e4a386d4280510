import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  classifyUpstreamFailure,
  parseGoogleDuration,
  retryAfterHeaderMs,
  retryHintMs,
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

describe('retry hints', () => {
  const rpc = (details: unknown[]) =>
    JSON.stringify({ error: { code: 429, message: 'slow down', details } })

  it('reads RetryInfo retryDelay "1.5s"', () => {
    const body = rpc([{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1.5s' }])
    expect(retryHintMs(body)).toBe(1500)
  })

  it('reads ErrorInfo quotaResetDelay "2h1m1s", before retryDelay', () => {
    const body = rpc([
      { reason: 'QUOTA_EXHAUSTED', metadata: { quotaResetDelay: '2h1m1s' } },
      { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '1s' },
    ])
    expect(retryHintMs(body)).toBe(7_261_000)
  })

  it('reads Retry-After as seconds or as a date, and falls back to it', () => {
    const now = Date.parse('2026-04-10T02:00:00Z')
    expect(retryAfterHeaderMs('12', now)).toBe(12_000)
    expect(retryAfterHeaderMs('Fri, 10 Apr 2026 02:00:30 GMT', now)).toBe(30_000)
    expect(retryAfterHeaderMs('whenever', now)).toBeNull()
    expect(retryAfterHeaderMs(undefined, now)).toBeNull()
    expect(retryHintMs('{"error":{"code":429}}', { retryAfter: '7', now })).toBe(7000)
    expect(retryHintMs('not json', {})).toBeNull()
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

  it('rests nobody for a request Google calls invalid, and marks it a refusal of the request', () => {
    // One more account may try (see request-refusal.ts); the forwarder stops at the second.
    expect(
      classifyUpstreamFailure(400, fixture('error-400-unknown-field-in-schema.json')),
    ).toMatchObject({
      requestRefusal: true,
      cooldownMs: 0,
      scope: 'none',
    })
    // A wrong project is the account's problem, not the request's: answered as before.
    expect(classifyUpstreamFailure(400, fixture('error-400-invalid-project.json'))).toMatchObject({
      requestRefusal: false,
      retryElsewhere: false,
      scope: 'none',
    })
  })

  it('reads the Retry-After header when the body has no hint', () => {
    const bare = fixture('error-429-bare.json')
    expect(classifyUpstreamFailure(429, bare, { retryAfter: '3' }).cooldownMs).toBe(3000)
    // The body's hint is the more precise one.
    expect(
      classifyUpstreamFailure(429, fixture('error-429-rate-limit-exceeded.json'), {
        retryAfter: '30',
      }).cooldownMs,
    ).toBe(1355)
  })

  it('takes a validation 403 with its link', () => {
    expect(
      classifyUpstreamFailure(403, fixture('error-403-validation-required.json')).validation,
    ).toMatchObject({
      reason: 'Verify your account to continue.',
      url: expect.stringMatching(/^https:\/\/accounts\.google\.com\/signin\/continue\?/),
    })
    expect(
      classifyUpstreamFailure(403, JSON.stringify({ error: { code: 403, message: 'no' } }))
        .validation,
    ).toBeNull()
  })

  it('honours the hint of a capacity error', () => {
    expect(
      classifyUpstreamFailure(503, fixture('error-503-model-capacity-exhausted.json')).cooldownMs,
    ).toBe(40_000)
  })
})
