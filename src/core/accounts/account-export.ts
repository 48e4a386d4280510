import { promises as fs } from 'node:fs'
import type { AccountFile } from './account-schema'
import type { AccountScan, AccountStore } from './account-store'
import { parseIndex } from './account-index'

export interface ExportedAccount {
  email: string
  refresh_token: string
}

/** The accounts in the index's order (files the index does not list go last); reads only. */
export async function orderedAccounts(
  store: AccountStore,
  scan: AccountScan,
): Promise<AccountFile[]> {
  const text = await fs.readFile(store.indexFile, 'utf8').catch(() => '')
  const parsed = parseIndex(text)
  const order = parsed.kind === 'ok' ? parsed.index.accounts.map((entry) => entry.id) : []
  const rank = new Map(order.map((id, position) => [id, position]))
  return [...scan.accounts].sort(
    (a, b) =>
      (rank.get(a.id) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b.id) ?? Number.MAX_SAFE_INTEGER),
  )
}

/** `[{email, refresh_token}]`, the reference's export format. Safe while a server owns the folder. */
export async function exportAccounts(store: AccountStore): Promise<ExportedAccount[]> {
  const accounts = await orderedAccounts(store, await store.scan())
  return accounts.map((account) => ({
    email: account.email,
    refresh_token: account.token.refresh_token,
  }))
}
