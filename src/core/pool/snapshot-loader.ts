import type { AccountFile } from '../accounts/account-schema'
import type { AccountStore, UnreadableAccount } from '../accounts/account-store'
import type { Logger } from '../logging/logger'
import type { PoolSnapshot } from './pool-snapshot'

/**
 * Reads the account files (the source of truth), repairs the index from them, and returns the
 * readable accounts in the index's order.
 */
export async function readAccountsInOrder(
  store: AccountStore,
  logger: Logger,
): Promise<{ accounts: AccountFile[]; unreadable: UnreadableAccount[] }> {
  const scan = await store.scan()
  const repair = await store.syncIndex(scan)
  for (const note of repair.notes) logger.warn(note)
  const byId = new Map(scan.accounts.map((account) => [account.id, account]))
  const accounts: AccountFile[] = []
  for (const entry of repair.index.accounts) {
    const account = byId.get(entry.id)
    if (account) accounts.push(account)
  }
  return { accounts, unreadable: scan.unreadable }
}

/** Logs what changed between two loads: each new skip with its reason, returns, unreadable files. */
export function logTransitions(previous: PoolSnapshot, next: PoolSnapshot, logger: Logger): void {
  const known = new Set(previous.accounts.map((account) => account.id))
  for (const account of next.accounts) {
    const before = previous.skipped.get(account.id)
    const after = next.skipped.get(account.id)
    if (after && (before?.kind !== after.kind || before.reason !== after.reason)) {
      logger.info(`Skipping ${after.kind} account ${account.email}: ${after.reason}`, {
        account_id: account.id,
      })
    } else if (!after && before && known.has(account.id)) {
      logger.info(`Account ${account.email} is back in the pool`, { account_id: account.id })
    }
  }
  const seen = new Map(previous.unreadable.map((entry) => [entry.id, entry.error]))
  for (const entry of next.unreadable) {
    if (seen.get(entry.id) === entry.error) continue
    logger.warn(
      `Account file ${entry.file} cannot be read (${entry.error}); skipped and left untouched`,
    )
  }
}
