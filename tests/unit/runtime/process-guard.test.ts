import { afterEach, describe, expect, it } from 'vitest'
import { guardProcess } from '../../../src/core/runtime/process-guard'
import { createMemoryLogger } from '../../helpers/memory-logger'

let unguard: (() => void) | null = null
afterEach(() => unguard?.())

describe('guardProcess', () => {
  it('logs what escaped, with its stack, and takes itself away again', () => {
    const logger = createMemoryLogger()
    const before = process.listenerCount('uncaughtException')
    unguard = guardProcess(logger)
    expect(process.listenerCount('uncaughtException')).toBe(before + 1)
    process.emit('uncaughtException', new Error('thrown in a library callback'))
    process.emit('unhandledRejection', new Error('a forgotten promise'), Promise.resolve())
    const messages = logger.messages().join('\n')
    expect(messages).toContain('agtray keeps running: Error: thrown in a library callback')
    expect(messages).toContain('process-guard.test.ts')
    expect(messages).toContain('a forgotten promise')
    unguard()
    unguard = null
    expect(process.listenerCount('uncaughtException')).toBe(before)
  })
})
