/**
 * Refusals of the request itself, not of the account that sent it: the same request would be
 * refused by every account, so they rest nobody. Rate limits (429), outages (5xx), a refused
 * token (401) and a 403 (verification, lost access) are about the account and stay out.
 */
export function isRequestRefusal(status: number, bodyText: string): boolean {
  // The account's own Cloud Code project is wrong: another account may well succeed.
  if (/Invalid project resource name/i.test(bodyText)) return false
  return status === 400 || status === 413 || status === 422
}

/** After this many accounts refused the request itself, agtray stops passing it on. */
export const REQUEST_REFUSALS_TO_STOP = 2

/**
 * Whether a request has been refused by enough accounts to be the request's fault: one refusal
 * could be the account's (its tier, its project), two on different accounts are the request's.
 */
export function refusedByEnoughAccounts(requestRefusals: number): boolean {
  return requestRefusals >= REQUEST_REFUSALS_TO_STOP
}
