import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import writeFileAtomic from 'write-file-atomic'
import type { AccountFileChanges, AccountsWatcher } from '../../src/core/pool/accounts-watcher'
import { watchAccounts } from '../../src/core/pool/accounts-watcher'
import { readAccountFile, seedAccounts, writeAccountFile } from '../helpers/account-files'
import { createMemoryLogger } from '../helpers/memory-logger'
import { makeTempDir } from '../helpers/temp-dir'

let temp: ReturnType<typeof makeTempDir>
let watcher: AccountsWatcher | null = null
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => {
  watcher?.close()
  watcher = null
  temp.cleanup()
})

function watch(options: Parameters<typeof watchAccounts>[3] = {}) {
  const seen: AccountFileChanges[] = []
  const logger = createMemoryLogger()
  watcher = watchAccounts(
    { dataDir: temp.dir, accountsDir: path.join(temp.dir, 'accounts') },
    (changes) => seen.push(changes),
    logger,
    options,
  )
  /** Every id and flag reported so far, merged. */
  const merged = () => ({
    ids: [...new Set(seen.flatMap((changes) => [...changes.ids]))].sort(),
    index: seen.some((changes) => changes.index),
    everything: seen.some((changes) => changes.everything),
  })
  return { seen, merged, logger }
}

const edit = (id: string, change: Record<string, unknown>) =>
  writeAccountFile(temp.dir, id, { ...readAccountFile(temp.dir, id), ...change })

describe('the accounts watcher', () => {
  it('names the account files that changed, whether written in place or atomically', async () => {
    const [a, b] = seedAccounts(temp.dir, [
      { email: 'a@x.com', refreshToken: '1//a' },
      { email: 'b@x.com', refreshToken: '1//b' },
      { email: 'c@x.com', refreshToken: '1//c' },
    ])
    const { merged } = watch()
    edit(a!, { name: 'edited' })
    // write-file-atomic's temporary `<id>.json.<n>` must not show up as an account.
    await writeFileAtomic(
      path.join(temp.dir, 'accounts', `${b}.json`),
      JSON.stringify(readAccountFile(temp.dir, b!)),
    )
    await expect.poll(() => merged().ids, { timeout: 2000 }).toEqual([a, b].sort())
    expect(merged()).toMatchObject({ index: false, everything: false })
    writeFileSync(path.join(temp.dir, 'notes.txt'), 'not ours')
    writeFileSync(path.join(temp.dir, 'accounts.json'), '{"accounts": []}')
    await expect.poll(() => merged().index, { timeout: 2000 }).toBe(true)
    expect(merged().everything).toBe(false)
  })

  it('finds the changed files by their stats when the platform cannot watch', async () => {
    const [, b] = seedAccounts(temp.dir, [
      { email: 'a@x.com', refreshToken: '1//a' },
      { email: 'b@x.com', refreshToken: '1//b' },
    ])
    const { seen, logger } = watch({
      watch: () => {
        throw new Error('ENOSPC: System limit for number of file watchers reached')
      },
      pollMs: 50,
    })
    expect(logger.messages().some((message) => message.includes('checking it every second'))).toBe(
      true,
    )
    // The first sweep has nothing to compare with: everything is worth a look once.
    await expect.poll(() => seen.length, { timeout: 2000 }).toBeGreaterThan(0)
    expect(seen[0]).toMatchObject({ everything: true })
    const before = seen.length
    edit(b!, { name: 'a longer name than before' })
    await expect
      .poll(() => seen.slice(before).flatMap((changes) => [...changes.ids]), { timeout: 2000 })
      .toEqual([b])
    expect(seen.slice(before).some((changes) => changes.everything)).toBe(false)
  })
})
