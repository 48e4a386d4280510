import type { AccountFile } from '../accounts/account-schema'
import type { AccountStore } from '../accounts/account-store'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { QuotaProtectionSettings } from '../settings/settings-schema'
import { protectedFamilies, protectionRewrite } from './quota-protection'

/**
 * Which model families quota protection keeps each account off, decided with the account's
 * standing (from its stored quota, when a new version of its file arrives or the settings
 * change), so selection only looks a family up. Keeps `protected_models` in the files in step.
 */
export interface PoolProtection {
  /** Decides the account's families again; stores them (and migrates the legacy form) if needed. */
  decide(account: AccountFile): void
  isProtected(accountId: string, family: string): boolean
  familiesOf(accountId: string): string[]
  forget(accountId: string): void
  /** Bumped whenever an account's families changed. */
  readonly version: number
}

export function createPoolProtection(deps: {
  store: AccountStore
  logger: Logger
  settings(): QuotaProtectionSettings
  /** The account's families changed (its conversations move on). */
  onChanged(accountId: string): void
  /** Its file was rewritten: the pool takes the new version in. */
  onWritten(accountId: string): void
}): PoolProtection {
  const { store, logger } = deps
  const protections = new Map<string, ReadonlySet<string>>()
  const writing = new Set<string>()
  let version = 0

  const logChange = (
    account: AccountFile,
    before: ReadonlySet<string> | undefined,
    families: readonly string[],
    threshold: number,
  ): void => {
    const gone = families.filter((family) => !before?.has(family))
    const back = [...(before ?? [])].filter((family) => !families.includes(family))
    if (gone.length > 0)
      logger.info(
        `Account ${account.email} stops serving ${gone.join(', ')}: quota under ${threshold}%`,
        { account_id: account.id },
      )
    if (back.length > 0)
      logger.info(`Account ${account.email} serves ${back.join(', ')} again`, {
        account_id: account.id,
      })
  }

  /** One write at a time per account; the write re-reads the file, so it never goes back in time. */
  const persist = async (id: string): Promise<void> => {
    if (writing.has(id)) return
    writing.add(id)
    try {
      await store.update(id, (stored) => protectionRewrite(stored, deps.settings()))
    } catch (error) {
      logger.error(`Could not save the quota protection of account ${id}: ${describeError(error)}`)
      return
    } finally {
      writing.delete(id)
    }
    deps.onWritten(id)
  }

  return {
    decide(account) {
      const settings = deps.settings()
      const families = settings.enabled ? protectedFamilies(account, settings) : []
      const before = protections.get(account.id)
      const same =
        (before?.size ?? 0) === families.length && families.every((family) => before?.has(family))
      if (!same) {
        if (families.length > 0) protections.set(account.id, new Set(families))
        else protections.delete(account.id)
        version++
        logChange(account, before, families, settings.threshold_percentage)
        deps.onChanged(account.id)
      }
      if (protectionRewrite(account, settings)) void persist(account.id)
    },
    isProtected: (accountId, family) => protections.get(accountId)?.has(family) === true,
    familiesOf: (accountId) => [...(protections.get(accountId) ?? [])],
    forget(accountId) {
      if (protections.delete(accountId)) version++
    },
    get version() {
      return version
    },
  }
}
