import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import type { KeyedQueue } from '../runtime/keyed-queue'
import type { AccountFileReader } from './account-file-reader'
import type { AccountIndex, ParsedIndex } from './account-index'
import { indexEntryFor, parseIndex, rebuildIndex, reconcileIndex } from './account-index'
import type { AccountScan, IndexRepair } from './account-store'

/** `accounts.json` for the store: read, repaired, changed one entry at a time. */
export interface AccountIndexFile {
  /** The index as it is now; one version is parsed once (it is read on every upsert). */
  read(): Promise<ParsedIndex>
  sync(current: AccountScan): Promise<IndexRepair>
  update(change: (index: AccountIndex) => AccountIndex): Promise<AccountIndex>
  upsertEntry(account: AccountScan['accounts'][number]): Promise<void>
  removeEntry(id: string): Promise<void>
  /** Whether the file differs from the version last synced or written by agtray. */
  changed(): Promise<boolean>
}

const INDEX_KEY = '\u0000index'

export function createAccountIndexFile(deps: {
  indexFile: string
  reader: AccountFileReader
  queue: KeyedQueue
  writeJson(file: string, value: unknown): Promise<string>
  /** Every account file, for rebuilding a missing or broken index. */
  scan(): Promise<AccountScan>
}): AccountIndexFile {
  const { indexFile, queue } = deps
  // The text itself rather than a hash: comparing even a few megabytes is cheaper than hashing.
  let poolText: string | null = null
  let parsedCache: { text: string; parsed: ParsedIndex } | null = null

  const readText = async (): Promise<string | null> => {
    try {
      return await deps.reader.readFile(indexFile)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  const parse = (text: string | null): ParsedIndex => {
    if (text === null) return { kind: 'empty' }
    if (parsedCache?.text !== text) parsedCache = { text, parsed: parseIndex(text) }
    return parsedCache.parsed
  }

  const write = async (index: AccountIndex): Promise<string> => {
    const text = await deps.writeJson(indexFile, index)
    parsedCache = { text, parsed: { kind: 'ok', index } }
    return text
  }

  const syncLocked = async (current: AccountScan): Promise<IndexRepair> => {
    const text = await readText()
    const parsed = parse(text)
    if (parsed.kind === 'ok') {
      const unreadableIds = new Set(current.unreadable.map((entry) => entry.id))
      const reconciled = reconcileIndex(parsed.index, current.accounts, unreadableIds)
      poolText = reconciled.changed ? await write(reconciled.index) : text
      return { index: reconciled.index, notes: reconciled.notes, keptAsideAs: null }
    }
    const notes: string[] = []
    let keptAsideAs: string | null = null
    if (parsed.kind === 'broken' && text !== null) {
      keptAsideAs = `${indexFile}.corrupt-${Math.floor(Date.now() / 1000)}-${randomUUID()}`
      await fs.writeFile(keptAsideAs, text, { mode: 0o600 })
      notes.push(
        `accounts.json was unreadable (${parsed.error}); kept as ${path.basename(keptAsideAs)} and rebuilt`,
      )
    } else if (current.accounts.length > 0) {
      notes.push('accounts.json was missing or empty; rebuilt from the account files')
    }
    const index = rebuildIndex(current.accounts)
    poolText = current.accounts.length > 0 || keptAsideAs ? await write(index) : text
    return { index, notes, keptAsideAs }
  }

  const update = (change: (index: AccountIndex) => AccountIndex): Promise<AccountIndex> =>
    queue.run(INDEX_KEY, async () => {
      const text = await readText()
      // A version the pool never saw (a hand edit) stays news for the watcher after this write.
      const seen = text === poolText
      const parsed = parse(text)
      const base = parsed.kind === 'ok' ? parsed.index : (await syncLocked(await deps.scan())).index
      const next = change(base)
      const written = await write(next)
      if (seen) poolText = written
      return next
    })

  return {
    read: async () => parse(await readText()),
    sync: (current) => queue.run(INDEX_KEY, () => syncLocked(current)),
    update,
    async upsertEntry(account) {
      await update((index) => {
        const found = index.accounts.some((entry) => entry.id === account.id)
        const accounts = found
          ? index.accounts.map((entry) =>
              entry.id === account.id ? indexEntryFor(account, entry) : entry,
            )
          : [...index.accounts, indexEntryFor(account)]
        return { ...index, accounts, current_account_id: index.current_account_id ?? account.id }
      })
    },
    async removeEntry(id) {
      await update((index) => {
        const accounts = index.accounts.filter((entry) => entry.id !== id)
        const current =
          index.current_account_id === id
            ? (accounts[0]?.id ?? null)
            : (index.current_account_id ?? null)
        return { ...index, accounts, current_account_id: current }
      })
    },
    changed: async () => (await readText()) !== poolText,
  }
}
