import { randomUUID } from 'node:crypto'
import { promises as fs } from 'node:fs'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { AgtrayError } from '../agtray-error'
import { createKeyedQueue } from '../runtime/keyed-queue'
import type { AccountIndex } from './account-index'
import { indexEntryFor, parseIndex, rebuildIndex, reconcileIndex } from './account-index'
import type { AccountFile } from './account-schema'
import { parseAccountFile, serializeJson } from './account-schema'

export interface UnreadableAccount {
  id: string
  file: string
  error: string
}

export interface AccountScan {
  accounts: AccountFile[]
  unreadable: UnreadableAccount[]
}

export interface IndexRepair {
  index: AccountIndex
  notes: string[]
  /** Set when a broken `accounts.json` was moved aside before the rebuild. */
  keptAsideAs: string | null
}

/**
 * The account files on disk. Every write is atomic (temp file + rename), mode 0600, and writes to
 * the same file are serialised; a file that does not parse is reported, never rewritten.
 */
export interface AccountStore {
  readonly accountsDir: string
  readonly indexFile: string
  scan(): Promise<AccountScan>
  read(id: string): Promise<AccountFile>
  /** Writes a new account; refuses if a file with that id exists. */
  create(account: AccountFile): Promise<void>
  /** Read-modify-write under the file's lock; `change` returns null to leave the file as it is. */
  update(id: string, change: (account: AccountFile) => AccountFile | null): Promise<AccountFile>
  remove(id: string): Promise<void>
  /** Reads the index, rebuilding it from the files when missing or broken, and fixes drift. */
  syncIndex(scan: AccountScan): Promise<IndexRepair>
  updateIndex(change: (index: AccountIndex) => AccountIndex): Promise<AccountIndex>
  /**
   * Deletes temporary files an interrupted atomic write left (`<name>.json.<number>`); only safe
   * while this process owns the data folder, so nobody else is writing.
   */
  removeLeftoverTempFiles(): Promise<string[]>
  /** Refreshes the account's summary in the index, appending it when new. */
  upsertIndexEntry(account: AccountFile): Promise<void>
  removeIndexEntry(id: string): Promise<void>
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/
/** write-file-atomic names its temporary file `<target>.<uint32>`. */
const TEMP_FILE_PATTERN = /\.json\.\d+$/
const INDEX_KEY = '\u0000index'

export const isValidAccountId = (id: string): boolean => ID_PATTERN.test(id)

export function createAccountStore(dataDir: string): AccountStore {
  const accountsDir = path.join(dataDir, 'accounts')
  const indexFile = path.join(dataDir, 'accounts.json')
  const queue = createKeyedQueue()
  const fileFor = (id: string): string => {
    if (!isValidAccountId(id))
      throw new AgtrayError('invalid_input', `"${id}" is not an account id`)
    return path.join(accountsDir, `${id}.json`)
  }

  const writeJson = async (file: string, value: unknown): Promise<void> => {
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
    await writeFileAtomic(file, serializeJson(value), { mode: 0o600, fsync: true })
  }

  const readParsed = async (id: string): Promise<AccountFile> => {
    const file = fileFor(id)
    let text: string
    try {
      text = await fs.readFile(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new AgtrayError('not_found', `No account with id ${id}`)
      }
      throw error
    }
    const parsed = parseAccountFile(text, id)
    if (!parsed.ok) {
      throw new AgtrayError(
        'account_file_unreadable',
        `The account file ${file} cannot be read (${parsed.error}); fix or remove it by hand`,
      )
    }
    return parsed.account
  }

  const scan = async (): Promise<AccountScan> => {
    let names: string[]
    try {
      names = await fs.readdir(accountsDir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        return { accounts: [], unreadable: [] }
      throw error
    }
    const ids = names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter(isValidAccountId)
    const results = await Promise.all(
      ids.map(async (id) => {
        const file = path.join(accountsDir, `${id}.json`)
        try {
          const parsed = parseAccountFile(await fs.readFile(file, 'utf8'), id)
          return parsed.ok ? parsed.account : { id, file, error: parsed.error }
        } catch (error) {
          // Deleted between readdir and readFile: it is simply gone.
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
          return { id, file, error: (error as Error).message }
        }
      }),
    )
    const accounts: AccountFile[] = []
    const unreadable: UnreadableAccount[] = []
    for (const result of results) {
      if (!result) continue
      if ('token' in result) accounts.push(result)
      else unreadable.push(result)
    }
    return { accounts, unreadable }
  }

  const readIndexText = async (): Promise<string | null> => {
    try {
      return await fs.readFile(indexFile, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw error
    }
  }

  const syncIndexLocked = async (current: AccountScan): Promise<IndexRepair> => {
    const text = await readIndexText()
    const parsed = text === null ? ({ kind: 'empty' } as const) : parseIndex(text)
    if (parsed.kind === 'ok') {
      const unreadableIds = new Set(current.unreadable.map((entry) => entry.id))
      const reconciled = reconcileIndex(parsed.index, current.accounts, unreadableIds)
      if (reconciled.changed) await writeJson(indexFile, reconciled.index)
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
    if (current.accounts.length > 0 || keptAsideAs) await writeJson(indexFile, index)
    return { index, notes, keptAsideAs }
  }

  const updateIndex = (change: (index: AccountIndex) => AccountIndex): Promise<AccountIndex> =>
    queue.run(INDEX_KEY, async () => {
      const text = await readIndexText()
      const parsed = text === null ? null : parseIndex(text)
      const base =
        parsed?.kind === 'ok' ? parsed.index : (await syncIndexLocked(await scan())).index
      const next = change(base)
      await writeJson(indexFile, next)
      return next
    })

  return {
    accountsDir,
    indexFile,
    scan,
    read: async (id) => readParsed(id),
    create: async (account) =>
      queue.run(fileFor(account.id), async () => {
        const file = fileFor(account.id)
        const exists = await fs.stat(file).then(
          () => true,
          () => false,
        )
        if (exists)
          throw new AgtrayError('conflict', `An account file ${account.id}.json already exists`)
        await writeJson(file, account)
      }),
    update: async (id, change) =>
      queue.run(fileFor(id), async () => {
        const account = await readParsed(id)
        const next = change(account)
        if (next === null) return account
        await writeJson(fileFor(id), next)
        return next
      }),
    remove: async (id) =>
      queue.run(fileFor(id), async () => {
        try {
          await fs.unlink(fileFor(id))
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
            throw new AgtrayError('not_found', `No account with id ${id}`)
          }
          throw error
        }
      }),
    syncIndex: (current) => queue.run(INDEX_KEY, () => syncIndexLocked(current)),
    updateIndex,
    removeLeftoverTempFiles: async () => {
      const removed: string[] = []
      for (const dir of [dataDir, accountsDir]) {
        const names = await fs.readdir(dir).catch(() => [] as string[])
        for (const name of names.filter((entry) => TEMP_FILE_PATTERN.test(entry))) {
          await fs.rm(path.join(dir, name), { force: true })
          removed.push(path.join(dir, name))
        }
      }
      return removed
    },
    upsertIndexEntry: async (account) => {
      await updateIndex((index) => {
        const found = index.accounts.some((entry) => entry.id === account.id)
        const accounts = found
          ? index.accounts.map((entry) =>
              entry.id === account.id ? indexEntryFor(account, entry) : entry,
            )
          : [...index.accounts, indexEntryFor(account)]
        return { ...index, accounts, current_account_id: index.current_account_id ?? account.id }
      })
    },
    removeIndexEntry: async (id) => {
      await updateIndex((index) => {
        const accounts = index.accounts.filter((entry) => entry.id !== id)
        const current =
          index.current_account_id === id
            ? (accounts[0]?.id ?? null)
            : (index.current_account_id ?? null)
        return { ...index, accounts, current_account_id: current }
      })
    },
  }
}
