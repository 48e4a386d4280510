import { describe, expect, it } from 'vitest'
import { createSessionBindings } from '../../../src/core/pool/session-bindings'

const setUp = (limits = { maxEntries: 3, ttlMs: 1000 }) => {
  const now = { ms: 0 }
  return { now, bindings: createSessionBindings({ now: () => now.ms }, limits) }
}

describe('session bindings stay bounded', () => {
  it('forgets the least recently used conversation past the limit', () => {
    const { bindings } = setUp()
    bindings.bind('a', 'acc-1')
    bindings.bind('b', 'acc-1')
    bindings.bind('c', 'acc-2')
    expect(bindings.get('a')).toBe('acc-1') // a is now the most recent
    bindings.bind('d', 'acc-2')
    expect(bindings.get('b')).toBeUndefined()
    expect(['a', 'c', 'd'].map((key) => bindings.get(key))).toEqual(['acc-1', 'acc-2', 'acc-2'])
    expect([bindings.countFor('acc-1'), bindings.countFor('acc-2')]).toEqual([1, 2])
  })

  it('forgets a conversation unused for the time to live, and keeps one in use', () => {
    const { now, bindings } = setUp()
    bindings.bind('idle', 'acc-1')
    bindings.bind('busy', 'acc-1')
    now.ms = 600
    expect(bindings.get('busy')).toBe('acc-1')
    now.ms = 1200
    expect(bindings.get('idle')).toBeUndefined()
    expect(bindings.get('busy')).toBe('acc-1')
    expect(bindings.countFor('acc-1')).toBe(1)
  })

  it('drops an account’s conversations, all or one family’s', () => {
    const { bindings } = setUp({ maxEntries: 10, ttlMs: 1000 })
    bindings.bind('claude\ns1', 'acc-1')
    bindings.bind('gemini-3-flash\ns1', 'acc-1')
    bindings.bind('claude\ns2', 'acc-2')
    bindings.dropAccount('acc-1', 'claude\n')
    expect(bindings.get('claude\ns1')).toBeUndefined()
    expect(bindings.get('gemini-3-flash\ns1')).toBe('acc-1')
    bindings.dropAccount('acc-1')
    expect(bindings.countFor('acc-1')).toBe(0)
    expect(bindings.get('claude\ns2')).toBe('acc-2')
  })
})
