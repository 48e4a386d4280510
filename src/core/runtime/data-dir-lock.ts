import { randomBytes } from 'node:crypto'
import { promises as fs, rmSync } from 'node:fs'
import path from 'node:path'
import { AgtrayError } from '../agtray-error'
import type { ProcessIdentity } from './process-identity'
import { processIdentity, processLiveness } from './process-identity'

/** Who owns a data folder: written into `<dataDir>/agtray.lock`. */
export interface LockOwner {
  pid: number
  started_at: number
  /** What the owner is doing: `serve`, `desktop`, or a one-shot CLI command. */
  role: string
  /** The admin API's base URL while a server runs, so the CLI can go through it. */
  url: string | null
  /** The owner's start time and command as the system knows them: tells a reused pid apart. */
  identity?: ProcessIdentity
  /** This lock's own random id, so an owner only ever removes or rewrites its own lock. */
  token?: string
}

export interface DataDirLock {
  readonly file: string
  setUrl(url: string | null): Promise<void>
  release(): Promise<void>
}

/** Who this process is, as the lock records it; tests stand in for other processes with it. */
export interface LockClaimant {
  pid: number
  identity: ProcessIdentity
  /** Whether the owner recorded in a lock still runs. */
  isOwnerAlive(owner: LockOwner): boolean
}

const LOCK_NAME = 'agtray.lock'
/** Held (as a directory: mkdir is atomic) by the one process clearing a stale lock. */
const TAKEOVER_SUFFIX = '.takeover'
/** A takeover directory this old was left by a process that died mid-takeover. */
const STALE_TAKEOVER_MS = 10_000
const MAX_ATTEMPTS = 200

export const lockFileOf = (dataDir: string): string => path.join(dataDir, LOCK_NAME)

const isLiveOwner = (owner: LockOwner): boolean =>
  processLiveness(owner.pid, owner.identity ?? null) === 'alive'

export const currentProcessClaimant = (): LockClaimant => ({
  pid: process.pid,
  identity: processIdentity(process.pid),
  isOwnerAlive: isLiveOwner,
})

const parseOwner = (text: string): LockOwner | null => {
  try {
    const owner = JSON.parse(text) as LockOwner
    return typeof owner.pid === 'number' ? owner : null
  } catch {
    return null
  }
}

/** The live owner of the folder, or null when free (a lock left by a dead process is stale). */
export async function readLockOwner(dataDir: string): Promise<LockOwner | null> {
  const text = await fs.readFile(lockFileOf(dataDir), 'utf8').catch(() => null)
  const owner = text === null ? null : parseOwner(text)
  return owner && isLiveOwner(owner) ? owner : null
}

export function describeOwner(dataDir: string, owner: LockOwner): string {
  const where = owner.url ? ` at ${owner.url}` : ''
  return `The data folder ${dataDir} is in use by another agtray process (pid ${owner.pid}, ${owner.role}${where})`
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Writes a whole file under a temporary name first, so no reader ever sees it half-written. */
async function writeTemp(file: string, content: string): Promise<string> {
  const temp = `${file}.${randomBytes(6).toString('hex')}.tmp`
  await fs.writeFile(temp, content, { mode: 0o600, flag: 'wx' })
  return temp
}

/**
 * Clears a lock judged stale, unless it changed since: only the process holding the takeover
 * directory may remove it, and only when it still holds exactly what was judged stale, so a lock
 * another process has just taken is never removed.
 */
async function clearStaleLock(file: string, staleText: string): Promise<void> {
  const mutex = `${file}${TAKEOVER_SUFFIX}`
  try {
    await fs.mkdir(mutex, { mode: 0o700 })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    const stat = await fs.stat(mutex).catch(() => null)
    if (stat && Date.now() - stat.mtimeMs > STALE_TAKEOVER_MS)
      await fs.rmdir(mutex).catch(() => undefined)
    return
  }
  try {
    const current = await fs.readFile(file, 'utf8').catch(() => null)
    if (current === staleText) await fs.rm(file, { force: true })
  } finally {
    await fs.rmdir(mutex).catch(() => undefined)
  }
}

/**
 * Takes the data folder for this process, so two agtray processes never write the same account
 * files. The lock appears whole or not at all (written aside, then hard-linked into place, which
 * fails when a lock exists); a lock whose process is gone, or whose pid now names another
 * process, is cleared by one process at a time.
 */
export async function acquireDataDirLock(
  dataDir: string,
  role: string,
  claimant: LockClaimant = currentProcessClaimant(),
): Promise<DataDirLock> {
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 })
  const file = lockFileOf(dataDir)
  let owner: LockOwner = {
    pid: claimant.pid,
    started_at: Date.now(),
    role,
    url: null,
    identity: claimant.identity,
    token: randomBytes(12).toString('hex'),
  }
  const temp = await writeTemp(file, JSON.stringify(owner))
  try {
    for (let attempt = 0; ; attempt++) {
      if (attempt >= MAX_ATTEMPTS)
        throw new AgtrayError('data_dir_locked', `Could not take the lock ${file}`)
      try {
        await fs.link(temp, file)
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      }
      const text = await fs.readFile(file, 'utf8').catch(() => null)
      if (text === null) continue
      const current = parseOwner(text)
      if (current && claimant.isOwnerAlive(current))
        throw new AgtrayError('data_dir_locked', describeOwner(dataDir, current))
      await clearStaleLock(file, text)
      // Another process may be clearing it: give it a moment.
      if (attempt > 0) await sleep(5 + Math.random() * 20)
    }
  } finally {
    await fs.rm(temp, { force: true })
  }

  const isOurs = (text: string | null): boolean =>
    text !== null && parseOwner(text)?.token === owner.token
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
      const next = await writeTemp(file, JSON.stringify(owner))
      await fs.rename(next, file)
    },
    async release() {
      if (released) return
      released = true
      process.off('exit', releaseSync)
      // Only remove our own lock, never one another process took over.
      if (isOurs(await fs.readFile(file, 'utf8').catch(() => null)))
        await fs.rm(file, { force: true })
    },
  }
}
