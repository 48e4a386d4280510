import { describe, expect, it } from 'vitest'
import { errorCodes } from '../../../src/shared/error-codes'
import type { ErrorCode } from '../../../src/shared/error-codes'
import { AgtrayError } from '../../../src/core/agtray-error'
import { CloudCodeError } from '../../../src/core/google/cloud-code-client'
import { GoogleAuthError } from '../../../src/core/google/google-auth-error'
import { GoogleTimeoutError } from '../../../src/core/google/google-timeout-error'
import { EmptyAnswerError } from '../../../src/core/http/ai/sse-events'
import { protocolErrorBody, proxyErrorOf } from '../../../src/core/http/ai/protocol-errors'
import { JsonTooDeepError } from '../../../src/core/http/json-depth'
import { NoAccountError } from '../../../src/core/pool/pool-availability'
import { TranslationError } from '../../../src/core/translate/translation-error'

describe('one error model', () => {
  it('gives every error agtray raises a code of the one table', () => {
    const raised: [AgtrayError, ErrorCode][] = [
      [new CloudCodeError('refused', 403), 'google_refused'],
      [new CloudCodeError('no answer', null), 'google_unavailable'],
      [new CloudCodeError('busy', 503), 'google_unavailable'],
      [new CloudCodeError('slow down', 429), 'google_unavailable'],
      [
        new GoogleAuthError('invalid_grant', 'invalid_grant', 400, 'invalid_grant'),
        'google_refused',
      ],
      [new GoogleAuthError('rejected', 'invalid_client', 401, 'invalid_client'), 'google_refused'],
      [new GoogleAuthError('transient', 'HTTP 503', 503, null), 'google_unavailable'],
      [new GoogleTimeoutError('response', 15_000, 'oauth2.googleapis.com'), 'google_unavailable'],
      [new NoAccountError('all rest', { restingForModel: true, retryAt: 1 }), 'accounts_resting'],
      [new NoAccountError('all disabled'), 'no_account'],
      [new EmptyAnswerError('empty'), 'google_unavailable'],
      [new JsonTooDeepError(), 'invalid_input'],
      [new TranslationError('an image by URL'), 'invalid_input'],
    ]
    for (const [error, code] of raised) {
      expect(error, error.name).toBeInstanceOf(AgtrayError)
      expect(error.code, `${error.name}: ${error.message}`).toBe(code)
      expect(error.stack).toContain(error.name)
    }
  })

  it('answers every code with its status in each AI protocol, in that protocol’s shape', () => {
    for (const code of Object.keys(errorCodes) as ErrorCode[]) {
      const proxyError = proxyErrorOf(new AgtrayError(code, `because ${code}`))
      expect(proxyError.status).toBe(errorCodes[code].status)
      const openai = protocolErrorBody('openai', proxyError) as {
        error: { message: string; type: string; code: string }
      }
      expect(openai.error.message).toContain(`because ${code}`)
      expect(openai.error.type).toMatch(/_error$|^service_unavailable$/)
      const anthropic = protocolErrorBody('anthropic', proxyError) as {
        type: string
        error: { type: string }
      }
      expect(anthropic.type).toBe('error')
      expect(anthropic.error.type).toMatch(/_error$|^request_too_large$/)
      const gemini = protocolErrorBody('gemini', proxyError) as {
        error: { code: number; status: string }
      }
      expect(gemini.error.code).toBe(errorCodes[code].status)
      expect(gemini.error.status).toMatch(/^[A-Z_]+$/)
    }
  })

  it('keeps the codes OpenAI clients already read', () => {
    const codeOf = (error: AgtrayError) => proxyErrorOf(error).code
    expect(codeOf(new TranslationError('x'))).toBe('invalid_request')
    expect(codeOf(new NoAccountError('x'))).toBe('no_available_account')
    expect(codeOf(new NoAccountError('x', { restingForModel: true }))).toBe('no_available_account')
    expect(codeOf(new AgtrayError('internal', 'x'))).toBe('internal_error')
    expect(proxyErrorOf(new NoAccountError('x', { restingForModel: true })).status).toBe(429)
    expect(proxyErrorOf(new NoAccountError('x')).status).toBe(503)
  })
})
