import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { acquireDataDirLock, readLockOwner } from '../../src/core/runtime/data-dir-lock'
import { resolveDataDir } from '../../src/core/runtime/data-dir'
import { makeTempDir } from '../helpers/temp-dir'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

describe('data folder lock', () => {
  it('lets one owner in and tells the next one who holds it', async () => {
    const lock = await acquireDataDirLock(temp.dir, 'serve')
    await lock.setUrl('http://127.0.0.1:1234')
    await expect(acquireDataDirLock(temp.dir, 'cli')).rejects.toThrow(
      `in use by another agtray process (pid ${process.pid}, serve at http://127.0.0.1:1234)`,
    )
    await lock.release()
    const again = await acquireDataDirLock(temp.dir, 'cli')
    await again.release()
  })

  it('takes over a lock left by a process that died', async () => {
    const child = spawn(process.execPath, ['-e', ''])
    const deadPid = await new Promise<number>((resolve) =>
      child.on('exit', () => resolve(child.pid!)),
    )
    writeFileSync(
      path.join(temp.dir, 'agtray.lock'),
      JSON.stringify({ pid: deadPid, started_at: 0, role: 'serve', url: null }),
    )
    expect(await readLockOwner(temp.dir)).toBeNull()
    const lock = await acquireDataDirLock(temp.dir, 'serve')
    expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid)
    await lock.release()
  })
})

describe('resolveDataDir', () => {
  it('prefers the flag, then AGTRAY_DATA_DIR, then ~/.agtray', () => {
    expect(resolveDataDir('/tmp/flag', { AGTRAY_DATA_DIR: '/tmp/env' })).toBe('/tmp/flag')
    expect(resolveDataDir(undefined, { AGTRAY_DATA_DIR: '/tmp/env' })).toBe('/tmp/env')
    expect(resolveDataDir(undefined, {})).toMatch(/\.agtray$/)
  })
})
