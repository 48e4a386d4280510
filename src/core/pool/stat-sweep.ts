import type { Stats } from 'node:fs'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import { isValidAccountId } from '../accounts/account-store'
import { mapWithLimit } from '../runtime/map-with-limit'

export interface SweepResult {
  /** Account files created, changed or removed since the last sweep. */
  ids: Set<string>
  index: boolean
  /** The first sweep has nothing to compare with: every file may have changed. */
  first: boolean
}

/**
 * Finds the changed account files by their stat (inode, size, times) where the platform's watcher
 * cannot say which file changed, or cannot watch at all. Stats only: no file is read.
 */
export function createStatSweeper(dirs: { dataDir: string; accountsDir: string }): {
  sweep(): Promise<SweepResult>
} {
  let known: Map<string, string> | null = null
  let indexKey: string | null = null
  const keyOf = (stat: Stats | null): string | null =>
    stat ? `${stat.ino}:${stat.size}:${stat.mtimeMs}:${stat.ctimeMs}` : null
  const statOf = (file: string): Promise<Stats | null> => fs.stat(file).catch(() => null)

  return {
    async sweep() {
      const names = await fs.readdir(dirs.accountsDir).catch(() => [] as string[])
      const ids = names
        .filter((name) => name.endsWith('.json'))
        .map((name) => name.slice(0, -'.json'.length))
        .filter(isValidAccountId)
      const keys = await mapWithLimit(ids, 24, async (id) =>
        keyOf(await statOf(path.join(dirs.accountsDir, `${id}.json`))),
      )
      const next = new Map<string, string>()
      ids.forEach((id, n) => {
        const key = keys[n]
        if (key) next.set(id, key)
      })
      const nextIndexKey = keyOf(await statOf(path.join(dirs.dataDir, 'accounts.json')))
      const first = known === null
      const changed = new Set<string>()
      if (known) {
        for (const [id, key] of next) if (known.get(id) !== key) changed.add(id)
        for (const id of known.keys()) if (!next.has(id)) changed.add(id)
      }
      const index = !first && nextIndexKey !== indexKey
      known = next
      indexKey = nextIndexKey
      return { ids: changed, index, first }
    },
  }
}
