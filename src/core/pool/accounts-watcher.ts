import type { FSWatcher } from 'node:fs'
import { watch } from 'node:fs'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'

export interface AccountsWatcher {
  close(): void
}

const DEBOUNCE_MS = 150
const POLL_MS = 1_000

/**
 * Notices hand edits of the account files and the index while running (the files are the source
 * of truth), so the pool follows within a second or two. Falls back to polling where the platform
 * cannot watch (inotify limits, network folders).
 */
export function watchAccounts(
  dirs: { dataDir: string; accountsDir: string },
  onChange: () => void,
  logger: Logger,
): AccountsWatcher {
  let timer: NodeJS.Timeout | null = null
  const schedule = (): void => {
    if (timer) clearTimeout(timer)
    timer = setTimeout(() => {
      timer = null
      onChange()
    }, DEBOUNCE_MS)
  }
  const watchers: FSWatcher[] = []
  let poll: NodeJS.Timeout | null = null
  try {
    watchers.push(watch(dirs.accountsDir, () => schedule()))
    watchers.push(
      watch(dirs.dataDir, (_event, name) => {
        if (name === 'accounts.json') schedule()
      }),
    )
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
    poll = setInterval(onChange, POLL_MS)
    poll.unref()
  }
  return {
    close() {
      if (timer) clearTimeout(timer)
      if (poll) clearInterval(poll)
      for (const watcher of watchers) watcher.close()
    },
  }
}
