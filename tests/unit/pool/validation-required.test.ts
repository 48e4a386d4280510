import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { validationRequiredOf } from '../../../src/core/pool/validation-required'

const fixture = (name: string): string =>
  readFileSync(path.join(__dirname, '../../fixtures', name), 'utf8')

describe('validationRequiredOf', () => {
  it('finds the verification link of Google’s 403', () => {
    const block = validationRequiredOf(403, fixture('error-403-validation-required.json'))
    expect(block?.reason).toBe('Verify your account to continue.')
    expect(block?.url).toMatch(/^https:\/\/accounts\.google\.com\/signin\/continue\?sarp=1/)
  })

  it('takes an appeal_url, or the first https address of a text body', () => {
    const appeal = JSON.stringify({
      error: {
        code: 403,
        message: 'Account suspended',
        details: [{ reason: 'VALIDATION_REQUIRED', metadata: { appeal_url: 'https://x.test/a' } }],
      },
    })
    expect(validationRequiredOf(403, appeal)).toEqual({
      reason: 'Account suspended',
      url: 'https://x.test/a',
    })
    expect(
      validationRequiredOf(403, 'Please verify your account at https://g.test/v?a=1\\u0026b=2 now')
        ?.url,
    ).toBe('https://g.test/v?a=1&b=2')
  })

  it('ignores other 403s, other statuses, and links that are not https', () => {
    expect(validationRequiredOf(403, '{"error":{"code":403,"message":"Permission denied"}}')).toBe(
      null,
    )
    expect(validationRequiredOf(429, fixture('error-403-validation-required.json'))).toBeNull()
    const js = JSON.stringify({
      error: {
        message: 'verify your account',
        details: [{ metadata: { validation_url: 'javascript:alert(1)' } }],
      },
    })
    expect(validationRequiredOf(403, js)?.url).toBeNull()
  })
})
