import { describe, expect, it } from 'vitest'
import { describeWait, waitSeconds } from '../../../src/core/runtime/wait-time'

describe('waitSeconds', () => {
  it('rounds up to whole seconds, never below one', () => {
    expect(waitSeconds(0)).toBe(1)
    expect(waitSeconds(635)).toBe(1)
    expect(waitSeconds(1355)).toBe(2)
    expect(waitSeconds(40_000)).toBe(40)
  })
})

describe('describeWait', () => {
  it('writes waits the way Google does, dropping seconds once hours count', () => {
    expect(describeWait(635)).toBe('1s')
    expect(describeWait(12_000)).toBe('12s')
    expect(describeWait(250_000)).toBe('4m10s')
    expect(describeWait(300_000)).toBe('5m')
    expect(describeWait(391_700_796)).toBe('108h48m')
    expect(describeWait(24 * 3_600_000)).toBe('24h')
  })
})
