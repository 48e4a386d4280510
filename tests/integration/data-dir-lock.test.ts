import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { LockOwner } from '../../src/core/runtime/data-dir-lock'
import { acquireDataDirLock, readLockOwner } from '../../src/core/runtime/data-dir-lock'
import { resolveDataDir } from '../../src/core/runtime/data-dir'
import { processIdentity } from '../../src/core/runtime/process-identity'
import { bundleChild } from '../helpers/bundled-child'
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

/** A pid no process has any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''])
  return new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)))
}

const writeLock = (dir: string, owner: LockOwner): void =>
  writeFileSync(path.join(dir, 'agtray.lock'), JSON.stringify(owner))

describe('data folder lock under contention', () => {
  it('gives a folder to exactly one of 50 claimants racing over a stale lock', async () => {
    writeLock(temp.dir, { pid: await deadPid(), started_at: 0, role: 'serve', url: null })
    // Each claimant stands for another process: pids 1000…1049, alive while the test runs.
    const live = new Set<number>()
    const results = await Promise.allSettled(
      Array.from({ length: 50 }, (_, index) => {
        const pid = 1000 + index
        live.add(pid)
        return acquireDataDirLock(temp.dir, 'serve', {
          pid,
          identity: `start-${pid}`,
          isOwnerAlive: (owner) => live.has(owner.pid),
        })
      }),
    )
    const winners = results.filter((result) => result.status === 'fulfilled')
    expect(winners).toHaveLength(1)
    for (const result of results)
      if (result.status === 'rejected') expect(String(result.reason)).toMatch(/in use by/)
    const owner = JSON.parse(readFileSync(path.join(temp.dir, 'agtray.lock'), 'utf8'))
    expect(owner.pid).toBeGreaterThanOrEqual(1000)
    // Nothing left behind but the lock itself.
    expect(readdirSync(temp.dir)).toEqual(['agtray.lock'])
  })

  it.each(['no lock', 'a stale lock'])(
    'leaves exactly one owner when 50 processes start at once on a folder with %s',
    async (start) => {
      if (start === 'a stale lock')
        writeLock(temp.dir, { pid: await deadPid(), started_at: 0, role: 'serve', url: null })
      const script = bundleChild(
        path.join(__dirname, '../helpers/lock-contender-child.ts'),
        temp.dir,
      )
      const dataDir = path.join(temp.dir, 'data')
      const children: ChildProcess[] = []
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, () => {
          const child = spawn(process.execPath, [script, dataDir], { stdio: 'pipe' })
          children.push(child)
          return new Promise<string>((resolve) => {
            let out = ''
            child.stdout!.on('data', (chunk: Buffer) => {
              out += chunk.toString()
              if (out.includes('\n')) resolve(out.trim())
            })
            // 'close', not 'exit': the output may still be on its way when the process has exited.
            child.on('close', () => resolve(out.trim()))
          })
        }),
      )
      try {
        expect(outcomes.filter((outcome) => outcome === 'won')).toHaveLength(1)
        expect(outcomes.filter((outcome) => outcome.startsWith('lost ')).length).toBe(49)
        for (const outcome of outcomes)
          if (outcome !== 'won') expect(outcome).toMatch(/in use by another agtray process/)
      } finally {
        for (const child of children) child.stdin?.end()
        await Promise.all(
          children.map(
            (child) =>
              new Promise((resolve) =>
                child.exitCode === null ? child.on('exit', resolve) : resolve(null),
              ),
          ),
        )
      }
      expect(await readLockOwner(dataDir)).toBeNull()
    },
  )

  it('is not blocked by a lock whose pid now belongs to an unrelated process', async () => {
    const unrelated = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'])
    try {
      await new Promise((resolve) => unrelated.on('spawn', resolve))
      const pid = unrelated.pid!
      // The lock's owner started at another time: the system gave its pid to a new process.
      writeLock(temp.dir, {
        pid,
        started_at: 0,
        role: 'serve',
        url: null,
        identity: '1 agtray-that-died',
      })
      expect(await readLockOwner(temp.dir)).toBeNull()
      const lock = await acquireDataDirLock(temp.dir, 'serve')
      expect(JSON.parse(readFileSync(lock.file, 'utf8')).pid).toBe(process.pid)
      await lock.release()

      // The same pid with its real identity is a live owner.
      writeLock(temp.dir, {
        pid,
        started_at: 0,
        role: 'serve',
        url: null,
        identity: processIdentity(pid),
      })
      await expect(acquireDataDirLock(temp.dir, 'cli')).rejects.toThrow(`pid ${pid}`)
    } finally {
      unrelated.kill()
    }
  })

  it('never shows a half-written lock to a reader', async () => {
    const lock = await acquireDataDirLock(temp.dir, 'serve')
    const reads = Array.from({ length: 200 }, async (_, index) => {
      if (index % 10 === 0) await lock.setUrl(`http://127.0.0.1:${8000 + index}`)
      const owner = await readLockOwner(temp.dir)
      expect(owner?.pid).toBe(process.pid)
    })
    await Promise.all(reads)
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
