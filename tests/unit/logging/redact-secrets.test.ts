import { Writable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createLogger } from '../../../src/core/logging/logger'
import { createSecretRedactor, REDACTED } from '../../../src/core/logging/redact-secrets'

describe('createSecretRedactor', () => {
  const redactor = createSecretRedactor()

  it('removes the password of a proxy URL and keeps its user and host', () => {
    const out = redactor.redact(
      'via socks5://sam:hunter2-pw@10.0.0.1:1080 and "http://agt:p%40ss@proxy:3128"',
    )
    expect(out).not.toContain('hunter2-pw')
    expect(out).not.toContain('p%40ss')
    expect(out).toContain(`socks5://sam:${REDACTED}@10.0.0.1:1080`)
    expect(out).toContain(`http://agt:${REDACTED}@proxy:3128`)
  })

  it('removes Google access and refresh tokens, codes, JWTs, sk- keys and Bearer values', () => {
    const text = [
      'access ya29.a0AfH6SMBx-yz_123.more',
      'refresh 1//0gabc-DEF_ghi',
      'code 4/0AX4XfWh-abcdefghijkl',
      'id eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
      'key sk-0123456789abcdef0123456789abcdef',
      'Authorization: Bearer opaque-admin-value',
    ].join('\n')
    const out = redactor.redact(text)
    for (const secret of [
      'ya29.a0',
      '1//0gabc',
      '4/0AX4',
      'eyJhbGci',
      'sk-0123',
      'opaque-admin-value',
    ]) {
      expect(out).not.toContain(secret)
    }
    expect(out).toContain(`Bearer ${REDACTED}`)
  })

  it('removes each kind of secret when it is the only one in the text', () => {
    const lines = [
      'refreshed, now ya29.a0AfH6SMBx-yz_123',
      'stored 1//0gabc-DEF_ghi for later',
      'exchanged code 4/0AX4XfWh-abcdefghijkl',
      'id_token eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl',
      'client sent sk-0123456789abcdef0123456789abcdef',
      'header authorization: bearer opaque-admin-value',
    ]
    for (const line of lines) expect(redactor.redact(line)).toContain(REDACTED)
  })

  it('removes secrets it was told about, whatever their shape', () => {
    const custom = createSecretRedactor()
    custom.add('my-own-proxy-key-42')
    expect(custom.redact('key=my-own-proxy-key-42!')).toBe(`key=${REDACTED}!`)
  })

  it('leaves ordinary text alone', () => {
    expect(
      redactor.redact(
        'Token refresh failed (ana@example.com): invalid_grant (Token has been expired or revoked.)',
      ),
    ).toBe(
      'Token refresh failed (ana@example.com): invalid_grant (Token has been expired or revoked.)',
    )
  })
})

describe('createLogger', () => {
  it('redacts messages and nested fields before writing', () => {
    const lines: string[] = []
    const sink = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk))
        done()
      },
    })
    const logger = createLogger({ streams: [{ level: 'debug', stream: sink }], level: 'debug' })
    logger.warn('refresh with 1//0gSECRET failed', {
      request: { headers: { authorization: 'Bearer ya29.SECRET' } },
    })
    const written = lines.join('')
    expect(written).not.toContain('SECRET')
    expect(written).toContain('refresh with [redacted] failed')
  })
})
