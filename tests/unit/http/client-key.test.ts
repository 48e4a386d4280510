import { describe, expect, it } from 'vitest'
import { clientKeyOf } from '../../../src/core/http/ai/client-key'
import { effectiveAuthMode } from '../../../src/core/settings/auth-mode'

describe('effectiveAuthMode', () => {
  it('auto is off on loopback and required beyond it', () => {
    expect(effectiveAuthMode('auto', '127.0.0.1')).toBe('off')
    expect(effectiveAuthMode('auto', 'localhost')).toBe('off')
    expect(effectiveAuthMode('auto', '::1')).toBe('off')
    expect(effectiveAuthMode('auto', '0.0.0.0')).toBe('all_except_health')
    expect(effectiveAuthMode('auto', '192.168.1.20')).toBe('all_except_health')
  })

  it('explicit modes stay as they are', () => {
    expect(effectiveAuthMode('strict', '127.0.0.1')).toBe('strict')
    expect(effectiveAuthMode('off', '0.0.0.0')).toBe('off')
  })
})

describe('clientKeyOf', () => {
  it('reads Authorization first, with or without Bearer', () => {
    expect(clientKeyOf({ authorization: 'Bearer k1', 'x-api-key': 'k2' }, {})).toBe('k1')
    expect(clientKeyOf({ authorization: 'k1' }, {})).toBe('k1')
  })

  it('then x-api-key, then x-goog-api-key, then ?key=', () => {
    expect(clientKeyOf({ 'x-api-key': 'k2', 'x-goog-api-key': 'k3' }, { key: 'k4' })).toBe('k2')
    expect(clientKeyOf({ 'x-goog-api-key': 'k3' }, { key: 'k4' })).toBe('k3')
    expect(clientKeyOf({}, { key: 'k4' })).toBe('k4')
    expect(clientKeyOf({}, {})).toBeNull()
  })
})
