import { describe, expect, it } from 'vitest'
import { formatClock, formatDateTime } from '../../src/renderer/src/format/format-time'

describe('format-time', () => {
  const local = new Date(2024, 10, 30, 9, 5)

  it('reads Unix seconds (account files) and milliseconds (cooldowns) alike', () => {
    expect(formatDateTime(local.getTime() / 1000)).toBe('2024-11-30 09:05')
    expect(formatDateTime(local.getTime())).toBe('2024-11-30 09:05')
    expect(formatClock(local.getTime())).toBe('09:05')
  })
})
