import { promises as fs, rmSync } from 'node:fs'
import path from 'node:path'
import { AgtrayError } from '../agtray-error'

/** Who owns a data folder: written into `<dataDir>/agtray.lock`. */
export interface LockOwner {
  pid: number
  started_at: number
  /** What the owner is doing: `serve`, `desktop`, or a one-shot CLI command. */
  role: string
  /** The admin API's base URL while a server runs, so the CLI can go through it. */
  url: string | null
}

export interface DataDirLock {
  readonly file: string
  setUrl(url: string | null): Promise<void>
  release(): Promise<void>
}

const LOCK_NAME = 'agtray.lock'

export const lockFileOf = (dataDir: string): string => path.join(dataDir, LOCK_NAME)

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The live owner of the folder, or null when free (a lock left by a dead process is stale). */
export async function readLockOwner(dataDir: string): Promise<LockOwner | null> {
  let text: string
  try {
    text = await fs.readFile(lockFileOf(dataDir), 'utf8')
  } catch {
    return null
  }
  try {
    const owner = JSON.parse(text) as LockOwner
    if (typeof owner.pid !== 'number' || !isAlive(owner.pid)) return null
    return owner
  } catch {
    return null
  }
}

export function describeOwner(dataDir: string, owner: LockOwner): string {
  const where = owner.url ? ` at ${owner.url}` : ''
  return `The data folder ${dataDir} is in use by another agtray process (pid ${owner.pid}, ${owner.role}${where})`
}

/**
 * Takes the data folder for this process, so two agtray processes never write the same account
 * files. Creating the lock file with `wx` is atomic; a lock whose process is gone is taken over.
 */
export async function acquireDataDirLock(dataDir: string, role: string): Promise<DataDirLock> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 })
  const file = lockFileOf(dataDir)
  let owner: LockOwner = { pid: process.pid, started_at: Date.now(), role, url: null }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await fs.writeFile(file, JSON.stringify(owner), { flag: 'wx', mode: 0o600 })
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      const current = await readLockOwner(dataDir)
      if (current) throw new AgtrayError('data_dir_locked', describeOwner(dataDir, current))
      // Stale: its process died. Remove it and try again; another process may win the race.
      await fs.rm(file, { force: true })
      if (attempt === 2) throw new AgtrayError('data_dir_locked', `Could not take the lock ${file}`)
    }
  }
  let released = false
  const releaseSync = (): void => {
    try {
      // Synchronous on purpose: this also runs from the process 'exit' handler.
      rmSync(file, { force: true })
    } catch {
      // Nothing left to do while exiting.
    }
  }
  process.once('exit', releaseSync)
  return {
    file,
    async setUrl(url) {
      owner = { ...owner, url }
      await fs.writeFile(file, JSON.stringify(owner), { mode: 0o600 })
    },
    async release() {
      if (released) return
      released = true
      process.off('exit', releaseSync)
      const current = await fs.readFile(file, 'utf8').catch(() => null)
      // Only remove our own lock, never one another process took over.
      if (current && (JSON.parse(current) as LockOwner).pid === process.pid)
        await fs.rm(file, { force: true })
    },
  }
}
