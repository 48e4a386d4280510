import type { AccountFile, QuotaData } from '../accounts/account-schema'
import type { ModelQuota } from '../google/available-models'
import { truncateUtf8 } from '../accounts/truncate-reason'

/** How much of Google's 403 message is kept in the file (it is shown, not parsed). */
const FORBIDDEN_REASON_MAX_BYTES = 400

/**
 * The quota rules, free of I/O, in the reference's `quota` shape. Keys we do not know survive, and
 * the stored tier is kept when this fetch did not learn one (loadCodeAssist records it).
 */
export function applyFetchedQuota(
  account: AccountFile,
  models: readonly ModelQuota[],
  nowSeconds: number,
): AccountFile {
  const previous: QuotaData = account.quota ?? {}
  const quota: QuotaData = {
    ...previous,
    models: models.map((model) => ({ ...model })),
    last_updated: nowSeconds,
    is_forbidden: false,
    forbidden_reason: null,
    subscription_tier: previous.subscription_tier ?? null,
  }
  return { ...account, quota }
}

/**
 * A 403 from fetchAvailableModels: Google will not serve this account. The models stay as they
 * were last seen (they are history, not a promise), `is_forbidden` takes it out of the pool.
 */
export function markQuotaForbidden(
  account: AccountFile,
  message: string,
  nowSeconds: number,
): AccountFile {
  const previous: QuotaData = account.quota ?? {}
  const quota: QuotaData = {
    ...previous,
    models: previous.models ?? [],
    last_updated: nowSeconds,
    is_forbidden: true,
    forbidden_reason: truncateUtf8(message, FORBIDDEN_REASON_MAX_BYTES),
    subscription_tier: previous.subscription_tier ?? null,
  }
  return { ...account, quota }
}
