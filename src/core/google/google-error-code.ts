import type { ErrorCode } from '../../shared/error-codes'

/**
 * Whether a failed call to Google was Google refusing (its answer, on purpose) or Google not
 * being there (no answer, a 5xx, a rate limit or a timeout: trying again later may work).
 */
export const googleCodeForStatus = (status: number | null): ErrorCode =>
  status === null || status >= 500 || status === 408 || status === 429
    ? 'google_unavailable'
    : 'google_refused'
