import { promises as fs } from 'node:fs'
import path from 'node:path'
import writeFileAtomic from 'write-file-atomic'
import { AgtrayError } from '../agtray-error'
import { createKeyedQueue } from '../runtime/keyed-queue'
import { mapWithLimit } from '../runtime/map-with-limit'
import type { AccountFileReader } from './account-file-reader'
import { contentHash, nodeAccountFileReader } from './account-file-reader'
import type { AccountIndex, ParsedIndex } from './account-index'
import { createAccountIndexFile } from './account-index-file'
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

/** One account file's content, readable or not. */
export type LoadedAccount =
  { kind: 'account'; account: AccountFile } | { kind: 'unreadable'; entry: UnreadableAccount }

export interface IndexRepair {
  index: AccountIndex
  notes: string[]
  /** Set when a broken `accounts.json` was moved aside before the rebuild. */
  keptAsideAs: string | null
}

/**
 * The account files on disk. Every write is atomic (temp file + rename), mode 0600, and writes to
 * the same file are serialised; a file that does not parse is reported, never rewritten.
 *
 * The store also remembers which version of each file the pool holds (`load`, `reload`,
 * `loaded`): agtray's own writes count as seen, so the watcher can tell them from hand edits
 * without parsing anything.
 */
export interface AccountStore {
  readonly accountsDir: string
  readonly indexFile: string
  /** Reads every account file, a bounded number at a time; remembers nothing. */
  scan(): Promise<AccountScan>
  /** The ids of the account files present, without reading them. */
  listIds(): Promise<string[]>
  read(id: string): Promise<AccountFile>
  /** The file as it is now, null when there is none; remembers nothing. */
  inspect(id: string): Promise<LoadedAccount | null>
  /** `accounts.json` as it is now (parsed once per version). */
  readIndex(): Promise<ParsedIndex>
  /** Writes a new account; refuses if a file with that id exists. */
  create(account: AccountFile): Promise<void>
  /**
   * Read-modify-write under the file's lock; `change` returns null to leave the file as it is.
   * The account it gets may be the pool's own object: it returns a new one, never edits it.
   */
  update(id: string, change: (account: AccountFile) => AccountFile | null): Promise<AccountFile>
  remove(id: string): Promise<void>
  /**
   * Reads the index, rebuilding it from these accounts when missing or broken, and fixes drift.
   * The result counts as the version the pool holds.
   */
  syncIndex(current: AccountScan): Promise<IndexRepair>
  updateIndex(change: (index: AccountIndex) => AccountIndex): Promise<AccountIndex>
  /**
   * Deletes temporary files an interrupted atomic write left (`<name>.json.<number>`); only safe
   * while this process owns the data folder, so nobody else is writing.
   */
  removeLeftoverTempFiles(): Promise<string[]>
  /** Refreshes the account's summary in the index, appending it when new. */
  upsertIndexEntry(account: AccountFile): Promise<void>
  removeIndexEntry(id: string): Promise<void>
  /** Reads every account file for the pool and remembers the version of each. */
  load(): Promise<AccountScan>
  /** Re-reads these files for the pool; returns the ids whose content is not the one it holds. */
  reload(ids: readonly string[]): Promise<string[]>
  /** What the pool should hold for a file: the version last loaded or written by agtray. */
  loaded(id: string): LoadedAccount | undefined
  /** Whether `accounts.json` differs from the version last synced or written by agtray. */
  indexChanged(): Promise<boolean>
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,128}$/
/** write-file-atomic names its temporary file `<target>.<uint32>`. */
const TEMP_FILE_PATTERN = /\.json\.\d+$/
/** Enough to keep libuv's threads busy without holding thousands of buffers at once. */
const READ_PARALLELISM = 32

export const isValidAccountId = (id: string): boolean => ID_PATTERN.test(id)

type FileRead = (LoadedAccount & { hash: string }) | { kind: 'missing' }

interface Remembered {
  hash: string
  content: LoadedAccount
}

export function createAccountStore(
  dataDir: string,
  reader: AccountFileReader = nodeAccountFileReader,
): AccountStore {
  const accountsDir = path.join(dataDir, 'accounts')
  const indexFile = path.join(dataDir, 'accounts.json')
  const queue = createKeyedQueue()
  const remembered = new Map<string, Remembered>()

  const fileFor = (id: string): string => {
    if (!isValidAccountId(id))
      throw new AgtrayError('invalid_input', `"${id}" is not an account id`)
    return path.join(accountsDir, `${id}.json`)
  }

  const writeJson = async (file: string, value: unknown): Promise<string> => {
    const text = serializeJson(value)
    await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 })
    await writeFileAtomic(file, text, { mode: 0o600, fsync: true })
    return text
  }

  /** Reads and parses one file; a version the pool already holds is not parsed again. */
  const readFileOf = async (id: string): Promise<FileRead> => {
    const file = path.join(accountsDir, `${id}.json`)
    let text: string
    try {
      text = await reader.readFile(file)
    } catch (error) {
      // Deleted between readdir and readFile: it is simply gone.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' }
      return { kind: 'unreadable', entry: { id, file, error: (error as Error).message }, hash: '' }
    }
    const hash = contentHash(text)
    const known = remembered.get(id)
    if (known?.hash === hash) return { ...known.content, hash }
    const parsed = parseAccountFile(text, id)
    return parsed.ok
      ? { kind: 'account', account: parsed.account, hash }
      : { kind: 'unreadable', entry: { id, file, error: parsed.error }, hash }
  }

  const contentOf = (read: LoadedAccount): LoadedAccount =>
    read.kind === 'account'
      ? { kind: 'account', account: read.account }
      : { kind: 'unreadable', entry: read.entry }

  const readParsed = async (id: string): Promise<{ account: AccountFile; hash: string }> => {
    const file = fileFor(id)
    const read = await readFileOf(id)
    if (read.kind === 'missing') throw new AgtrayError('not_found', `No account with id ${id}`)
    if (read.kind === 'unreadable') {
      throw new AgtrayError(
        'account_file_unreadable',
        `The account file ${file} cannot be read (${read.entry.error}); fix or remove it by hand`,
      )
    }
    return { account: read.account, hash: read.hash }
  }

  const listIds = async (): Promise<string[]> => {
    let names: string[]
    try {
      names = await reader.readdir(accountsDir)
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
      throw error
    }
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter(isValidAccountId)
  }

  const readAll = async (
    readOne: (id: string) => Promise<FileRead> = readFileOf,
  ): Promise<AccountScan> => {
    const ids = await listIds()
    const reads = await mapWithLimit(ids, READ_PARALLELISM, readOne)
    const accounts: AccountFile[] = []
    const unreadable: UnreadableAccount[] = []
    for (const read of reads) {
      if (read.kind === 'account') accounts.push(read.account)
      else if (read.kind === 'unreadable') unreadable.push(read.entry)
    }
    return { accounts, unreadable }
  }

  const index = createAccountIndexFile({
    indexFile,
    reader,
    queue,
    writeJson,
    scan: () => readAll(),
  })

  /** After agtray wrote a file whose previous version the pool held, the pool holds this one. */
  const rememberWrite = (
    id: string,
    baseHash: string | undefined,
    text: string,
    account: AccountFile,
  ) => {
    if (baseHash !== remembered.get(id)?.hash) return
    remembered.set(id, { hash: contentHash(text), content: { kind: 'account', account } })
  }

  return {
    accountsDir,
    indexFile,
    scan: () => readAll(),
    listIds,
    read: async (id) => (await readParsed(id)).account,
    inspect: async (id) => {
      fileFor(id)
      const read = await readFileOf(id)
      return read.kind === 'missing' ? null : contentOf(read)
    },
    readIndex: index.read,
    create: async (account) =>
      queue.run(fileFor(account.id), async () => {
        const file = fileFor(account.id)
        const exists = await fs.stat(file).then(
          () => true,
          () => false,
        )
        if (exists)
          throw new AgtrayError('conflict', `An account file ${account.id}.json already exists`)
        const text = await writeJson(file, account)
        rememberWrite(account.id, undefined, text, account)
      }),
    update: async (id, change) =>
      queue.run(fileFor(id), async () => {
        const { account, hash } = await readParsed(id)
        const next = change(account)
        if (next === null) return account
        const text = await writeJson(fileFor(id), next)
        rememberWrite(id, hash, text, next)
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
        remembered.delete(id)
      }),
    syncIndex: index.sync,
    updateIndex: index.update,
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
    upsertIndexEntry: index.upsertEntry,
    removeIndexEntry: index.removeEntry,

    async load() {
      const present = new Set<string>()
      // Under each file's lock, so a write finishing meanwhile is not remembered as older.
      const scan = await readAll((id) =>
        queue.run(fileFor(id), async () => {
          const read = await readFileOf(id)
          if (read.kind !== 'missing') {
            present.add(id)
            remembered.set(id, { hash: read.hash, content: contentOf(read) })
          }
          return read
        }),
      )
      for (const id of remembered.keys()) if (!present.has(id)) remembered.delete(id)
      return scan
    },
    async reload(ids) {
      const changed = await mapWithLimit(ids, READ_PARALLELISM, (id) =>
        queue.run(fileFor(id), async () => {
          const read = await readFileOf(id)
          const known = remembered.get(id)
          if (read.kind === 'missing') return remembered.delete(id) ? id : null
          if (known?.hash === read.hash) return null
          remembered.set(id, { hash: read.hash, content: contentOf(read) })
          return id
        }),
      )
      return changed.filter((id): id is string => id !== null)
    },
    loaded: (id) => remembered.get(id)?.content,
    indexChanged: index.changed,
  }
}
