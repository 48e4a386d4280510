import type { AccountFile } from './account-schema'

/** How long a verification block keeps the account out before one request tries it again. */
export const VALIDATION_BLOCK_SECONDS = 10 * 60

/**
 * Google asked the user to verify the account: the file says so (the reference's keys), with the
 * link and since when, so the UI, the tray and `accounts list` show it even after a restart. The
 * first time it was seen is kept while Google keeps asking.
 */
export function markValidationBlocked(
  account: AccountFile,
  block: { reason: string; url: string | null },
  nowSeconds: number,
): AccountFile {
  return {
    ...account,
    validation_blocked: true,
    validation_blocked_reason: block.reason,
    validation_url: block.url,
    validation_blocked_at:
      account.validation_blocked === true
        ? (account.validation_blocked_at ?? nowSeconds)
        : nowSeconds,
    validation_blocked_until: nowSeconds + VALIDATION_BLOCK_SECONDS,
  }
}

/** The account served again: the block is over. Null when there is none (nothing to write). */
export function clearValidationBlock(account: AccountFile): AccountFile | null {
  if (account.validation_blocked !== true) return null
  const {
    validation_blocked_reason: _reason,
    validation_url: _url,
    validation_blocked_at: _at,
    validation_blocked_until: _until,
    ...rest
  } = account
  return { ...rest, validation_blocked: false }
}
