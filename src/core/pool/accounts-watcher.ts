import type { FSWatcher } from 'node:fs'
import { watch as fsWatch } from 'node:fs'
import { isValidAccountId } from '../accounts/account-store'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import { createStatSweeper } from './stat-sweep'

export interface AccountsWatcher {
  close(): void
}

/** What changed on disk, as precisely as the platform said. */
export interface AccountFileChanges {
  /** Account ids whose file was created, written or removed. */
  ids: ReadonlySet<string>
  /** `accounts.json` changed. */
  index: boolean
  /** Something changed that the platform did not name: every file needs a look. */
  everything: boolean
}

export interface WatchOptions {
  /** `fs.watch`; a test passes one that throws to exercise the polling fallback. */
  watch?: typeof fsWatch
  pollMs?: number
}

const DEBOUNCE_MS = 150
const POLL_MS = 1_000
const ACCOUNT_FILE = /^([A-Za-z0-9_-]{1,128})\.json$/

/**
 * Notices hand edits of the account files and the index while running (the files are the source
 * of truth), and says which files changed, so the pool re-reads those alone. Where the platform
 * does not name the file, or cannot watch at all (inotify limits, network folders), a sweep of
 * the files' stats finds them.
 */
export function watchAccounts(
  dirs: { dataDir: string; accountsDir: string },
  onChange: (changes: AccountFileChanges) => void,
  logger: Logger,
  options: WatchOptions = {},
): AccountsWatcher {
  const watch = options.watch ?? fsWatch
  const sweeper = createStatSweeper(dirs)
  let pending: { ids: Set<string>; index: boolean; everything: boolean } = {
    ids: new Set(),
    index: false,
    everything: false,
  }
  let timer: NodeJS.Timeout | null = null
  let closed = false

  const flush = (): void => {
    timer = null
    const changes = pending
    pending = { ids: new Set(), index: false, everything: false }
    if (closed) return
    if (changes.ids.size > 0 || changes.index || changes.everything) onChange(changes)
  }
  // The first event of a burst sets the deadline: a steady stream of writes cannot delay it.
  const schedule = (): void => {
    timer ??= setTimeout(flush, DEBOUNCE_MS)
  }

  let sweeping = false
  const sweep = async (): Promise<void> => {
    if (sweeping || closed) return
    sweeping = true
    try {
      const result = await sweeper.sweep()
      for (const id of result.ids) pending.ids.add(id)
      pending.index ||= result.index
      pending.everything ||= result.first
      schedule()
    } catch (error) {
      logger.warn(`Checking the account files failed: ${describeError(error)}`)
    } finally {
      sweeping = false
    }
  }

  const onAccountsDirEvent = (_event: string, name: string | Buffer | null): void => {
    if (name === null || name === undefined) {
      void sweep()
      return
    }
    // A write's temporary file (`<id>.json.<n>`) is followed by the rename that matters.
    const id = ACCOUNT_FILE.exec(String(name))?.[1]
    if (!id || !isValidAccountId(id)) return
    pending.ids.add(id)
    schedule()
  }
  const onDataDirEvent = (_event: string, name: string | Buffer | null): void => {
    if (name !== null && name !== undefined && String(name) !== 'accounts.json') return
    pending.index = true
    schedule()
  }

  const watchers: FSWatcher[] = []
  let poll: NodeJS.Timeout | null = null
  try {
    watchers.push(watch(dirs.accountsDir, onAccountsDirEvent))
    watchers.push(watch(dirs.dataDir, onDataDirEvent))
    for (const watcher of watchers) {
      watcher.on('error', (error) =>
        logger.warn(`Watching the account files failed: ${describeError(error)}`),
      )
    }
  } catch (error) {
    logger.warn(
      `Cannot watch ${dirs.accountsDir} (${describeError(error)}); checking it every second instead`,
    )
    for (const watcher of watchers) watcher.close()
    watchers.length = 0
    poll = setInterval(() => void sweep(), options.pollMs ?? POLL_MS)
    poll.unref()
  }
  return {
    close() {
      closed = true
      if (timer) clearTimeout(timer)
      if (poll) clearInterval(poll)
      for (const watcher of watchers) watcher.close()
    },
  }
}
