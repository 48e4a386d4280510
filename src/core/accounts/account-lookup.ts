import { indexLookupOf } from './account-index'
import type { AccountFile } from './account-schema'
import type { AccountStore } from './account-store'

export type EmailLookup =
  | { kind: 'found'; account: AccountFile }
  /** Only an unreadable file is known to hold this email (the index says so). */
  | { kind: 'unreadable'; file: string }
  | { kind: 'none' }

/**
 * The account with this email, found through the index (it lists each account's id and email) and
 * checked against the one file it points to; files the index does not list yet are read too. Every
 * file is read only when the index is missing or broken, or says something a file contradicts.
 */
export async function findAccountByEmail(store: AccountStore, email: string): Promise<EmailLookup> {
  const parsed = await store.readIndex()
  if (parsed.kind !== 'ok') return findByScan(store, email)
  const { emailOf, candidatesFor } = indexLookupOf(parsed.index)
  const present = await store.listIds()
  const presentSet = new Set(present)
  const candidates = candidatesFor(email).filter((id) => presentSet.has(id))
  for (const id of present) if (!emailOf.has(id)) candidates.push(id)
  let unreadable: string | null = null
  for (const id of candidates) {
    const file = await store.inspect(id)
    const listed = emailOf.get(id)
    if (file?.kind === 'account' && file.account.email === email) {
      return { kind: 'found', account: file.account }
    }
    if (file?.kind === 'unreadable') {
      if (listed === email) unreadable ??= id
    } else if (listed === email) {
      // Gone since the listing, or it now holds another email: the index is not to be trusted.
      return findByScan(store, email)
    }
  }
  return unreadable ? { kind: 'unreadable', file: `accounts/${unreadable}.json` } : { kind: 'none' }
}

async function findByScan(store: AccountStore, email: string): Promise<EmailLookup> {
  const scan = await store.scan()
  const account = scan.accounts.find((item) => item.email === email)
  if (account) return { kind: 'found', account }
  if (scan.unreadable.length === 0) return { kind: 'none' }
  // An unreadable file is matched to an email through the index, the only place that still says.
  const parsed = await store.readIndex()
  const unreadableIds = new Set(scan.unreadable.map((entry) => entry.id))
  const entry =
    parsed.kind === 'ok'
      ? parsed.index.accounts.find((item) => item.email === email && unreadableIds.has(item.id))
      : undefined
  return entry ? { kind: 'unreadable', file: `accounts/${entry.id}.json` } : { kind: 'none' }
}
