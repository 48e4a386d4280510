import type { AccountFile } from '../accounts/account-schema'
import type { AccountStore } from '../accounts/account-store'
import { clearValidationBlock, markValidationBlocked } from '../accounts/validation-block'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { Clock } from '../runtime/clock'
import type { ValidationRequired } from './validation-required'

/**
 * Writes and clears verification blocks in the account files (atomically, through the store),
 * so the block survives a restart and the UI shows it; the pool rests the account meanwhile.
 */
export interface ValidationBlocks {
  block(account: AccountFile, block: ValidationRequired): Promise<void>
  clear(accountId: string): Promise<void>
  /** How much longer a block in the file keeps the account out, in ms (0: none). */
  restFromFile(account: AccountFile): number
}

export function createValidationBlocks(deps: {
  store: AccountStore
  logger: Logger
  clock: Clock
  onWritten(account: AccountFile): void
}): ValidationBlocks {
  const { store, logger, clock } = deps
  const nowSeconds = (): number => Math.floor(clock.now() / 1000)

  const write = async (
    id: string,
    what: string,
    change: (stored: AccountFile) => AccountFile | null,
  ): Promise<boolean> => {
    let changed = false
    try {
      const updated = await store.update(id, (stored) => {
        const next = change(stored)
        changed = next !== null
        return next
      })
      if (changed) deps.onWritten(updated)
      return changed
    } catch (error) {
      logger.error(`Could not save the ${what} of account ${id}: ${describeError(error)}`, {
        account_id: id,
      })
      return false
    }
  }

  return {
    async block(account, block) {
      logger.warn(`Account ${account.email} needs verification: ${block.reason}`, {
        account_id: account.id,
      })
      await write(account.id, 'verification block', (stored) =>
        markValidationBlocked(stored, block, nowSeconds()),
      )
    },
    async clear(accountId) {
      if (await write(accountId, 'end of its verification block', clearValidationBlock))
        logger.info(`Verification block cleared for account ${accountId}: it serves again`, {
          account_id: accountId,
        })
    },
    restFromFile(account) {
      if (account.validation_blocked !== true) return 0
      const until = (account.validation_blocked_until ?? 0) * 1000
      return Math.max(0, until - clock.now())
    },
  }
}
