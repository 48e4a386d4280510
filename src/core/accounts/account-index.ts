import { z } from 'zod'
import type { AccountFile } from './account-schema'
import { stripBomAndNul } from './account-schema'

/**
 * `accounts.json`: the order of the accounts and the current one. It is a cache of the account
 * files, which stay the source of truth; reconciling fixes it from them.
 */
const indexEntrySchema = z.looseObject({
  id: z.string().min(1),
  email: z.string().nullish(),
  name: z.string().nullish(),
  disabled: z.boolean().nullish(),
  proxy_disabled: z.boolean().nullish(),
  protected_models: z.array(z.string()).nullish(),
  created_at: z.number().nullish(),
  last_used: z.number().nullish(),
})

const accountIndexSchema = z.looseObject({
  version: z.string().nullish(),
  accounts: z.array(indexEntrySchema),
  current_account_id: z.string().nullish(),
})

export type IndexEntry = z.infer<typeof indexEntrySchema>
export type AccountIndex = z.infer<typeof accountIndexSchema>

export type ParsedIndex =
  { kind: 'ok'; index: AccountIndex } | { kind: 'empty' } | { kind: 'broken'; error: string }

export function parseIndex(text: string): ParsedIndex {
  const cleaned = stripBomAndNul(text)
  if (cleaned.trim() === '') return { kind: 'empty' }
  let json: unknown
  try {
    json = JSON.parse(cleaned)
  } catch (error) {
    return { kind: 'broken', error: `not valid JSON (${(error as Error).message})` }
  }
  const parsed = accountIndexSchema.safeParse(json)
  if (!parsed.success) return { kind: 'broken', error: 'not an account index' }
  return { kind: 'ok', index: parsed.data }
}

export function indexEntryFor(account: AccountFile, previous?: IndexEntry): IndexEntry {
  const entry: IndexEntry = {
    ...previous,
    id: account.id,
    email: account.email,
    name: account.name ?? null,
    disabled: account.disabled === true,
    proxy_disabled: account.proxy_disabled === true,
    created_at: account.created_at ?? previous?.created_at ?? null,
    last_used: account.last_used ?? previous?.last_used ?? null,
  }
  if (account.protected_models?.length) entry.protected_models = account.protected_models
  else delete entry.protected_models
  return entry
}

/** A new index from the account files: most recently used first, then by email. */
export function rebuildIndex(accounts: readonly AccountFile[]): AccountIndex {
  const sorted = [...accounts].sort(
    (a, b) => (b.last_used ?? 0) - (a.last_used ?? 0) || a.email.localeCompare(b.email),
  )
  return {
    version: '2.0',
    accounts: sorted.map((account) => indexEntryFor(account)),
    current_account_id: sorted[0]?.id ?? null,
  }
}

export interface Reconciled {
  index: AccountIndex
  changed: boolean
  notes: string[]
}

/**
 * Makes the index agree with the files: an entry whose file is gone is dropped, a file missing from
 * the index is appended, summaries follow the files. An entry whose file exists but cannot be read
 * stays, so fixing that file by hand brings the account back in its place.
 */
export function reconcileIndex(
  index: AccountIndex,
  accounts: readonly AccountFile[],
  unreadableIds: ReadonlySet<string>,
): Reconciled {
  const notes: string[] = []
  const byId = new Map(accounts.map((account) => [account.id, account]))
  const seen = new Set<string>()
  const entries: IndexEntry[] = []
  for (const entry of index.accounts) {
    if (seen.has(entry.id)) continue
    seen.add(entry.id)
    const account = byId.get(entry.id)
    if (account) entries.push(indexEntryFor(account, entry))
    else if (unreadableIds.has(entry.id)) entries.push(entry)
    else
      notes.push(
        `Index entry ${entry.id} (${entry.email ?? 'no email'}) has no account file: dropped`,
      )
  }
  for (const account of accounts) {
    if (seen.has(account.id)) continue
    notes.push(
      `Account file ${account.id}.json (${account.email}) was missing from the index: added`,
    )
    entries.push(indexEntryFor(account))
  }
  const current =
    index.current_account_id && entries.some((entry) => entry.id === index.current_account_id)
      ? index.current_account_id
      : (entries[0]?.id ?? null)
  const next: AccountIndex = {
    ...index,
    version: index.version ?? '2.0',
    accounts: entries,
    current_account_id: current,
  }
  const changed = JSON.stringify(next) !== JSON.stringify(index)
  return { index: next, changed, notes }
}

/** Who the index says holds an email, built once per parsed index (upserts look it up often). */
export interface IndexLookup {
  /** The email each listed id has in the index (null when it names none). */
  readonly emailOf: ReadonlyMap<string, string | null>
  /** Listed ids, in order, whose entry names this email or no email at all. */
  candidatesFor(email: string): string[]
}

const lookups = new WeakMap<AccountIndex, IndexLookup>()

export function indexLookupOf(index: AccountIndex): IndexLookup {
  const cached = lookups.get(index)
  if (cached) return cached
  const emailOf = new Map<string, string | null>()
  const byEmail = new Map<string, string[]>()
  const unnamed: string[] = []
  for (const entry of index.accounts) {
    if (emailOf.has(entry.id)) continue
    const email = entry.email ?? null
    emailOf.set(entry.id, email)
    if (email === null) unnamed.push(entry.id)
    else byEmail.set(email, [...(byEmail.get(email) ?? []), entry.id])
  }
  const lookup: IndexLookup = {
    emailOf,
    candidatesFor: (email) => [...(byEmail.get(email) ?? []), ...unnamed],
  }
  lookups.set(index, lookup)
  return lookup
}
