import type { Clock } from '../runtime/clock'

interface Binding {
  accountId: string
  usedAt: number
}

/**
 * Which account serves each conversation, so its turns reach the same account and Google's
 * prompt cache for it. Bounded: the least recently used binding goes past `maxEntries`, and one
 * unused for `ttlMs` is gone. Keys are opaque (the pool uses family + session id).
 */
export interface SessionBindings {
  /** The account bound to the key, when the binding is still alive; counts as a use. */
  get(key: string): string | undefined
  bind(key: string, accountId: string): void
  unbind(key: string): void
  /** Drops the account's bindings (all, or only those whose key starts with `prefix`). */
  dropAccount(accountId: string, prefix?: string): void
  /** How many live conversations the account serves. */
  countFor(accountId: string): number
  /** Bumped when any account's count changed (the account list shows the counts). */
  readonly version: number
}

export const DEFAULT_SESSION_BINDINGS = { maxEntries: 10_000, ttlMs: 60 * 60 * 1000 }

export function createSessionBindings(
  clock: Clock,
  limits: { maxEntries: number; ttlMs: number } = DEFAULT_SESSION_BINDINGS,
): SessionBindings {
  // A Map iterates in insertion order: re-inserting on use keeps the least recent first.
  const bindings = new Map<string, Binding>()
  const byAccount = new Map<string, Set<string>>()
  let version = 0

  const remove = (key: string): void => {
    const binding = bindings.get(key)
    if (!binding) return
    bindings.delete(key)
    const keys = byAccount.get(binding.accountId)
    keys?.delete(key)
    if (keys?.size === 0) byAccount.delete(binding.accountId)
    version++
  }

  const expireOldest = (now: number): void => {
    for (const [key, binding] of bindings) {
      if (bindings.size <= limits.maxEntries && now - binding.usedAt < limits.ttlMs) return
      remove(key)
    }
  }

  return {
    get(key) {
      const binding = bindings.get(key)
      if (!binding) return undefined
      const now = clock.now()
      if (now - binding.usedAt >= limits.ttlMs) {
        remove(key)
        return undefined
      }
      bindings.delete(key)
      binding.usedAt = now
      bindings.set(key, binding)
      return binding.accountId
    },
    bind(key, accountId) {
      const now = clock.now()
      const current = bindings.get(key)
      if (current?.accountId === accountId) {
        bindings.delete(key)
        current.usedAt = now
        bindings.set(key, current)
        return
      }
      remove(key)
      bindings.set(key, { accountId, usedAt: now })
      let keys = byAccount.get(accountId)
      if (!keys) byAccount.set(accountId, (keys = new Set()))
      keys.add(key)
      version++
      expireOldest(now)
    },
    unbind: remove,
    dropAccount(accountId, prefix) {
      const keys = byAccount.get(accountId)
      if (!keys) return
      for (const key of [...keys]) if (prefix === undefined || key.startsWith(prefix)) remove(key)
    },
    countFor: (accountId) => byAccount.get(accountId)?.size ?? 0,
    get version() {
      return version
    },
  }
}
