import { describe, expect, it } from 'vitest'
import { toGoogleAuthError } from '../../../src/core/google/google-auth-error'

/** The shapes google-auth-library (gaxios) throws, as documented in docs/toolchain.md. */
const gaxiosError = (status: number, data: unknown, message = 'Request failed') =>
  Object.assign(new Error(message), {
    response: { status, data },
    config: { data: 'refresh_token=1//secret' },
  })

describe('toGoogleAuthError', () => {
  it('recognises invalid_grant from the parsed JSON body', () => {
    const error = toGoogleAuthError(
      gaxiosError(
        400,
        { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' },
        'invalid_grant',
      ),
    )
    expect(error.kind).toBe('invalid_grant')
    expect(error.status).toBe(400)
    expect(error.detail).toBe('Token has been expired or revoked.')
    expect(error.message).toBe('invalid_grant (Token has been expired or revoked.)')
  })

  it('recognises invalid_grant from a text body', () => {
    expect(toGoogleAuthError(gaxiosError(400, 'invalid_grant: Bad Request')).kind).toBe(
      'invalid_grant',
    )
  })

  it('treats a refused connection as transient, not invalid_grant', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), {
      code: 'ECONNREFUSED',
    })
    const error = toGoogleAuthError(refused)
    expect(error.kind).toBe('transient')
    expect(error.message).toContain('ECONNREFUSED')
  })

  it('treats 5xx and 429 as transient', () => {
    expect(
      toGoogleAuthError(
        gaxiosError(500, { error: { code: 500, message: 'boom', status: 'INTERNAL' } }),
      ).kind,
    ).toBe('transient')
    expect(toGoogleAuthError(gaxiosError(429, { error: 'rate_limit_exceeded' })).kind).toBe(
      'transient',
    )
  })

  it('calls other OAuth answers rejected (invalid_client is not a dead account)', () => {
    const error = toGoogleAuthError(
      gaxiosError(401, {
        error: 'invalid_client',
        error_description: 'The OAuth client was not found.',
      }),
    )
    expect(error.kind).toBe('rejected')
  })

  it('never copies the request (which holds the refresh token) into the message', () => {
    const error = toGoogleAuthError(gaxiosError(400, { error: 'invalid_grant' }))
    expect(JSON.stringify({ ...error, message: error.message })).not.toContain('1//secret')
  })
})
