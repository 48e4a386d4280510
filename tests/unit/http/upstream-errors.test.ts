import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Response } from 'express'
import { describe, expect, it } from 'vitest'
import type { Protocol, ProxyError } from '../../../src/core/http/ai/protocol-errors'
import { protocolErrorBody, sendProtocolError } from '../../../src/core/http/ai/protocol-errors'
import { translateGoogleError } from '../../../src/core/http/ai/upstream-errors'

const fixtureText = (name: string): string =>
  readFileSync(path.join(__dirname, '../../fixtures', name), 'utf8')

/** Google's error body of a fixture, and the HTTP status Google sent it with. */
const googleError = (name: string) => {
  const text = fixtureText(name)
  const body = JSON.parse(text) as {
    error: { code: number; status: string; details?: unknown[] }
  }
  return { text, status: body.error.code, rpc: body.error }
}

/** What sendProtocolError did to a response: its status, headers and JSON body. */
function sent(protocol: Protocol, error: ProxyError) {
  const headers: Record<string, string> = {}
  let status = 0
  let body: any = null
  const res = {
    headersSent: false,
    setHeader(name: string, value: string) {
      headers[name.toLowerCase()] = value
      return this
    },
    status(code: number) {
      status = code
      return this
    },
    json(value: unknown) {
      body = value
      return this
    },
  }
  sendProtocolError(res as unknown as Response, protocol, error)
  return { status, headers, body }
}

const withDetails = [
  'error-429-rate-limit-exceeded.json',
  'error-429-rate-limit-exceeded-ms.json',
  'error-429-quota-exhausted.json',
  'error-429-quota-exhausted-seconds-delay.json',
  'error-503-model-capacity-exhausted.json',
  'error-403-validation-required.json',
  'error-400-unknown-field-in-schema.json',
  'error-400-invalid-project.json',
]

describe('translateGoogleError: Gemini clients get what Google said', () => {
  it.each(withDetails)('keeps details and status of %s exactly as Google sent them', (name) => {
    const { text, status, rpc } = googleError(name)
    const body = sent('gemini', translateGoogleError(status, text)).body
    expect(body.error.code).toBe(status)
    expect(body.error.status).toBe(rpc.status)
    expect(body.error.details).toEqual(rpc.details)
  })

  it('keeps the details but not the status of a 401, which agtray answers as 502', () => {
    const { text, rpc } = googleError('error-401-unauthenticated-errorinfo.json')
    const body = sent('gemini', translateGoogleError(401, text)).body
    expect(body.error).toMatchObject({ code: 502, status: 'INTERNAL', details: rpc.details })
  })

  it('never relays a token Google quoted back, in any format', () => {
    const token = 'ya29.a0AfB_byC-quoted-back-by-google_1234567890'
    const text = JSON.stringify({
      error: {
        code: 400,
        message: `Invalid credentials: Bearer ${token}`,
        status: 'INVALID_ARGUMENT',
        details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', metadata: { token } }],
      },
    })
    for (const protocol of ['openai', 'anthropic', 'gemini'] as const) {
      const body = JSON.stringify(sent(protocol, translateGoogleError(400, text)).body)
      expect(body).not.toContain('ya29.')
      expect(body).toContain('[redacted]')
    }
  })

  it('adds no details to an error Google sent without any', () => {
    const { text } = googleError('error-429-bare.json')
    const body = sent('gemini', translateGoogleError(429, text)).body
    expect(body.error).toEqual({
      code: 429,
      message: 'Google: Resource has been exhausted (e.g. check quota).',
      status: 'RESOURCE_EXHAUSTED',
    })
  })
})

describe('translateGoogleError: the wait Google hinted', () => {
  const cases: [name: string, seconds: number, message: string][] = [
    [
      'error-429-rate-limit-exceeded.json', // 1.354703728s
      2,
      'Google: You have exhausted your capacity on this model. Your quota will reset after 1s. (retry in 2s)',
    ],
    [
      'error-429-rate-limit-exceeded-ms.json', // 634.846608ms
      1,
      'Google: You have exhausted your capacity on this model. Your quota will reset after 0s. (retry in 1s)',
    ],
    [
      // 108h48m20.795762633s: Google's message already says it, to the minute.
      'error-429-quota-exhausted.json',
      391_701,
      'Google: Individual quota reached. Contact your administrator to enable overages. Resets in 108h48m29s.',
    ],
    [
      'error-429-quota-exhausted-seconds-delay.json', // 33740.910400305s
      33_741,
      'Google: Individual quota reached. Please upgrade your subscription to increase your limits. Resets in 9h22m20s.',
    ],
    [
      'error-503-model-capacity-exhausted.json',
      40,
      'Google: No capacity available for model gemini-3-pro-high on the server (retry in 40s)',
    ],
  ]

  it.each(cases)('%s: Retry-After %is in every protocol', (name, seconds) => {
    const { text, status } = googleError(name)
    const error = translateGoogleError(status, text)
    for (const protocol of ['openai', 'anthropic', 'gemini'] as const) {
      const answer = sent(protocol, error)
      expect(answer.status).toBe(status)
      expect(answer.headers['retry-after']).toBe(String(seconds))
    }
  })

  it.each(cases)('%s: OpenAI and Anthropic messages say the wait', (name, _seconds, message) => {
    const { text, status } = googleError(name)
    const error = translateGoogleError(status, text)
    expect((protocolErrorBody('openai', error) as any).error.message).toBe(message)
    expect((protocolErrorBody('anthropic', error) as any).error.message).toBe(message)
  })

  it('sends no Retry-After when Google gave no hint', () => {
    const { text } = googleError('error-429-bare.json')
    const answer = sent('openai', translateGoogleError(429, text))
    expect(answer.status).toBe(429)
    expect(answer.headers).not.toHaveProperty('retry-after')
    expect(answer.body.error.message).not.toContain('retry in')
  })

  it('tells no wait on an answer that waiting does not cure', () => {
    const refused = sent('openai', {
      status: 403,
      kind: 'permission',
      message: 'Google: Verify your account to continue.',
      retryAfterMs: 600_000,
    })
    expect(refused.headers).not.toHaveProperty('retry-after')
    expect(refused.body.error.message).not.toContain('retry in')
  })
})

describe('agtray’s own errors', () => {
  const resting: ProxyError = {
    status: 429,
    kind: 'rate_limit',
    code: 'no_available_account',
    message: 'agtray: every account is resting for gemini-2.5-flash (next back in 12s)',
    retryAfterMs: 11_200,
  }

  it('carry a RetryInfo in Google’s format for Gemini clients when agtray knows the wait', () => {
    const answer = sent('gemini', resting)
    expect(answer.headers['retry-after']).toBe('12')
    expect(answer.body.error).toEqual({
      code: 429,
      message: resting.message,
      status: 'RESOURCE_EXHAUSTED',
      details: [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '12s' }],
    })
  })

  it('do not repeat a wait their message already says', () => {
    expect((protocolErrorBody('openai', resting) as any).error.message).toBe(resting.message)
  })

  it('keep their shape when no wait is known', () => {
    const off: ProxyError = { status: 503, kind: 'unavailable', message: 'proxy is disabled' }
    const answer = sent('gemini', off)
    expect(answer.headers).toEqual({})
    expect(answer.body).toEqual({
      error: { code: 503, message: 'proxy is disabled', status: 'UNAVAILABLE' },
    })
  })
})
