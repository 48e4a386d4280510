import type { AccountFile } from '../accounts/account-schema'
import type { AccountStore } from '../accounts/account-store'
import type { Logger } from '../logging/logger'
import type { SkipDecision } from './pool-eligibility'
import type { PoolRoster } from './pool-roster'

/**
 * Keeps the roster in step with the account files, touching only what changed: the files the
 * watcher names, the versions agtray wrote itself (the store remembers them, so no read), the
 * index's order. Logs each account's transition (skipped with its reason, back, unreadable).
 */
/** Files whose content the pool does not hold yet (the index is re-read with them). */
export interface PendingChanges {
  ids: readonly string[]
}

export interface PoolSync {
  /** Reads every file and the index: at start, or when the platform cannot say what changed. */
  loadAll(): Promise<void>
  /** Re-reads these files, and checks the index; says what differs from what the pool holds. */
  readChanges(ids: readonly string[], index: boolean): Promise<PendingChanges | null>
  /** Takes in what `readChanges` found, and the index's order. */
  applyChanges(changes: PendingChanges): Promise<void>
  /** Takes in the versions agtray just wrote or removed. */
  takeWritten(ids: readonly string[]): void
  /** Decides every account's standing again (the quota protection settings changed). */
  redecideAll(): void
}

export function createPoolSync(deps: {
  store: AccountStore
  roster: PoolRoster
  logger: Logger
  decide(account: AccountFile): SkipDecision | null
  /** A version of the file the pool did not hold before (a new token, a project id…). */
  onLoaded(account: AccountFile): void
  /** The account left the pool: its file is gone or no longer readable. */
  onGone(id: string): void
}): PoolSync {
  const { store, roster, logger } = deps

  const logTransition = (
    account: AccountFile,
    before: SkipDecision | undefined,
    after: SkipDecision | null,
    known: boolean,
  ): void => {
    if (after && (before?.kind !== after.kind || before.reason !== after.reason)) {
      logger.info(`Skipping ${after.kind} account ${account.email}: ${after.reason}`, {
        account_id: account.id,
      })
    } else if (!after && before && known) {
      logger.info(`Account ${account.email} is back in the pool`, { account_id: account.id })
    }
  }

  const apply = (id: string): void => {
    const content = store.loaded(id)
    const known = roster.get(id)
    const wasUnreadable = roster.unreadableOf(id)
    if (!content) {
      if (known) deps.onGone(id)
      if (known || wasUnreadable) roster.remove(id)
      return
    }
    if (content.kind === 'unreadable') {
      if (known) deps.onGone(id)
      roster.putUnreadable(content.entry)
      if (wasUnreadable?.error !== content.entry.error) {
        logger.warn(
          `Account file ${content.entry.file} cannot be read (${content.entry.error}); skipped and left untouched`,
        )
      }
      return
    }
    const { account } = content
    const before = roster.skipOf(id)
    if (known !== account) deps.onLoaded(account)
    let after = deps.decide(account)
    // The same decision keeps its object, so what was built from it stays valid.
    if (after && before && after.kind === before.kind && after.reason === before.reason)
      after = before
    if (known === account && after === (before ?? null)) return
    logTransition(account, before, after, known !== undefined)
    roster.putAccount(account, after)
  }

  const syncOrder = async (): Promise<void> => {
    const repair = await store.syncIndex({
      accounts: [...roster.accounts()],
      unreadable: [...roster.unreadable()],
    })
    for (const note of repair.notes) logger.warn(note)
    roster.setOrder(repair.index.accounts.map((entry) => entry.id))
  }

  return {
    async loadAll() {
      const scan = await store.load()
      const ids = new Set(roster.ids())
      for (const account of scan.accounts) ids.add(account.id)
      for (const entry of scan.unreadable) ids.add(entry.id)
      for (const id of ids) apply(id)
      await syncOrder()
    },
    async readChanges(ids, index) {
      const changed = ids.length > 0 ? await store.reload(ids) : []
      const indexChanged = index && (await store.indexChanged())
      return changed.length > 0 || indexChanged ? { ids: changed } : null
    },
    async applyChanges(changes) {
      for (const id of changes.ids) apply(id)
      await syncOrder()
    },
    takeWritten(ids) {
      for (const id of ids) apply(id)
    },
    redecideAll() {
      for (const id of roster.ids()) apply(id)
    },
  }
}
