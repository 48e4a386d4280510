import type { AccountFile } from '../accounts/account-schema'
import type { UnreadableAccount } from '../accounts/account-store'
import type { SkipDecision } from './pool-eligibility'

/**
 * What the pool knows: every readable account in the index's order, which of them may serve, and
 * why the others may not. Changed one account at a time; the arrays read by selection and by the
 * list are rebuilt once after a change, not per call. Account objects are never mutated, so a
 * request in flight keeps the account it picked whatever happens here.
 */
export interface PoolRoster {
  /** Bumped on every change; caches built from the roster compare it. */
  readonly version: number
  /**
   * Bumped only when which accounts are eligible, or their order, may have changed: not when an
   * account's file changes and it stays where it was (a token refresh).
   */
  readonly eligibleVersion: number
  /** Readable accounts in the index's order. */
  accounts(): readonly AccountFile[]
  /** The accounts not skipped, in order: what selection walks. */
  eligible(): readonly AccountFile[]
  unreadable(): readonly UnreadableAccount[]
  get(id: string): AccountFile | undefined
  unreadableOf(id: string): UnreadableAccount | undefined
  skipOf(id: string): SkipDecision | undefined
  /** Every id the roster holds, readable or not. */
  ids(): string[]
  putAccount(account: AccountFile, skip: SkipDecision | null): void
  putUnreadable(entry: UnreadableAccount): void
  setSkip(id: string, skip: SkipDecision | null): void
  remove(id: string): void
  /** The index's order; ids it does not list keep their place after it. */
  setOrder(ids: readonly string[]): void
}

export function createPoolRoster(): PoolRoster {
  const files = new Map<string, AccountFile>()
  const unreadable = new Map<string, UnreadableAccount>()
  const skipped = new Map<string, SkipDecision>()
  let order: string[] = []
  let version = 0
  let eligibleVersion = 0
  let derived: { accounts: AccountFile[]; eligible: AccountFile[] } | null = null
  let unreadableList: UnreadableAccount[] | null = null

  const changed = (): void => {
    version++
    derived = null
    unreadableList = null
  }

  const derive = (): { accounts: AccountFile[]; eligible: AccountFile[] } => {
    if (derived) return derived
    const accounts: AccountFile[] = []
    const eligible: AccountFile[] = []
    const seen = new Set<string>()
    for (const id of order) {
      const account = files.get(id)
      if (!account || seen.has(id)) continue
      seen.add(id)
      accounts.push(account)
      if (!skipped.has(id)) eligible.push(account)
    }
    derived = { accounts, eligible }
    return derived
  }

  const ensureOrdered = (id: string): void => {
    if (!files.has(id) && !unreadable.has(id)) order.push(id)
  }

  return {
    get version() {
      return version
    },
    get eligibleVersion() {
      return eligibleVersion
    },
    accounts: () => derive().accounts,
    eligible: () => derive().eligible,
    unreadable: () => (unreadableList ??= [...unreadable.values()]),
    get: (id) => files.get(id),
    unreadableOf: (id) => unreadable.get(id),
    skipOf: (id) => skipped.get(id),
    ids: () => [...files.keys(), ...unreadable.keys()],
    putAccount(account, skip) {
      if (!files.has(account.id) || skipped.has(account.id) !== (skip !== null)) eligibleVersion++
      ensureOrdered(account.id)
      unreadable.delete(account.id)
      files.set(account.id, account)
      if (skip) skipped.set(account.id, skip)
      else skipped.delete(account.id)
      changed()
    },
    putUnreadable(entry) {
      if (files.has(entry.id)) eligibleVersion++
      ensureOrdered(entry.id)
      files.delete(entry.id)
      skipped.delete(entry.id)
      unreadable.set(entry.id, entry)
      changed()
    },
    setSkip(id, skip) {
      if (!files.has(id)) return
      if (skipped.has(id) !== (skip !== null)) eligibleVersion++
      if (skip) skipped.set(id, skip)
      else skipped.delete(id)
      changed()
    },
    remove(id) {
      if (!files.has(id) && !unreadable.has(id)) return
      if (files.has(id)) eligibleVersion++
      order = order.filter((item) => item !== id)
      files.delete(id)
      unreadable.delete(id)
      skipped.delete(id)
      changed()
    },
    setOrder(ids) {
      const listed = new Set(ids)
      const rest = order.filter((id) => !listed.has(id))
      const next = [...ids, ...rest]
      if (next.length !== order.length || next.some((id, n) => id !== order[n])) eligibleVersion++
      order = next
      changed()
    },
  }
}
