import { describe, expect, it } from 'vitest'
import { invalidGrantReason } from '../../../src/core/accounts/account-rules'
import { truncateUtf8 } from '../../../src/core/accounts/truncate-reason'

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8')

describe('truncateUtf8', () => {
  it('leaves text that fits unchanged', () => {
    expect(truncateUtf8('invalid_grant: short', 800)).toBe('invalid_grant: short')
    const exact = 'a'.repeat(800)
    expect(truncateUtf8(exact, 800)).toBe(exact)
  })

  it('cuts ASCII at the byte limit and ends with an ellipsis', () => {
    const cut = truncateUtf8('x'.repeat(2000), 800)
    expect(bytes(cut)).toBe(800)
    expect(cut.endsWith('...')).toBe(true)
  })

  it('never splits a multi-byte character (French, CJK, emoji)', () => {
    for (const unit of ['é', '刷新失败', '🔑', 'a€𝄞']) {
      const text = unit.repeat(1000)
      const cut = truncateUtf8(text, 800)
      expect(bytes(cut)).toBeLessThanOrEqual(800)
      expect(cut.endsWith('...')).toBe(true)
      const body = cut.slice(0, -3)
      // Every character kept is whole: re-encoding gives the same text and no replacement char.
      expect(Buffer.from(body, 'utf8').toString('utf8')).toBe(body)
      expect(body).not.toContain('\uFFFD')
      expect(text.startsWith(body)).toBe(true)
      // And it kept as much as fits: one more character would overflow.
      const next = [...text.slice(body.length)][0] ?? ''
      expect(bytes(body) + bytes(next) + 3).toBeGreaterThan(800)
    }
  })

  it('builds the disabled reason with the invalid_grant prefix, at most 800 bytes', () => {
    expect(invalidGrantReason('Token has been expired or revoked.')).toBe(
      'invalid_grant: Token has been expired or revoked.',
    )
    const long = invalidGrantReason('jeton révoqué '.repeat(200))
    expect(long.startsWith('invalid_grant: ')).toBe(true)
    expect(bytes(long)).toBeLessThanOrEqual(800)
  })
})
