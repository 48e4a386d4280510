import type { AccountFile, TokenData } from './account-schema'
import { DISABLED_REASON_MAX_BYTES, truncateUtf8 } from './truncate-reason'

/**
 * The account state rules, in one place and free of I/O: what an upsert, an invalid_grant or a
 * proxy toggle does to an account file. Each returns a new object; keys we do not know survive.
 */

export const DEFAULT_PROXY_DISABLED_REASON = 'Disabled by the user'

export interface NewTokenInput {
  access_token: string
  refresh_token: string
  expires_in: number
  id_token?: string | null
  project_id?: string | null
  oauth_client_key?: string | null
}

export function buildToken(input: NewTokenInput, email: string, nowSeconds: number): TokenData {
  const token: TokenData = {
    access_token: input.access_token,
    refresh_token: input.refresh_token,
    expires_in: input.expires_in,
    expiry_timestamp: nowSeconds + input.expires_in,
    token_type: 'Bearer',
    email,
  }
  if (input.project_id) token.project_id = input.project_id
  if (input.oauth_client_key) token.oauth_client_key = input.oauth_client_key
  token.is_gcp_tos = false
  if (input.id_token) token.id_token = input.id_token
  return token
}

export function newAccountFile(input: {
  id: string
  email: string
  name: string | null
  token: TokenData
  nowSeconds: number
}): AccountFile {
  // Key order follows the reference's serializer, so files look the same whichever app wrote them.
  return {
    id: input.id,
    email: input.email,
    name: input.name,
    token: input.token,
    quota: null,
    disabled: false,
    proxy_disabled: false,
    created_at: input.nowSeconds,
    last_used: input.nowSeconds,
  }
}

export interface UpsertOutcome {
  account: AccountFile
  reenabled: boolean
}

/**
 * Re-adding an account: the token is replaced; a `disabled` account comes back only when the new
 * refresh or access token differs from the stored one (the user fixed the credentials).
 * `proxy_disabled*` is the user's choice and is never touched here.
 */
export function applyTokenUpsert(
  account: AccountFile,
  token: TokenData,
  name: string | null,
  nowSeconds: number,
): UpsertOutcome {
  const previous = account.token
  const tokenChanged =
    token.refresh_token !== previous.refresh_token || token.access_token !== previous.access_token
  const merged: TokenData = { ...previous, ...token }
  // A token minted without a project lookup keeps the project the account already had.
  if (!token.project_id && previous.project_id) merged.project_id = previous.project_id
  if (!token.id_token) delete merged.id_token
  const next: AccountFile = {
    ...account,
    name: name ?? account.name ?? null,
    token: merged,
    last_used: nowSeconds,
  }
  const reenabled = account.disabled === true && tokenChanged
  if (reenabled) return { account: clearDisabled(next), reenabled }
  return { account: next, reenabled }
}

function clearDisabled(account: AccountFile): AccountFile {
  // Spread then delete keeps the keys' order in the file stable.
  const next: AccountFile = { ...account, disabled: false }
  delete next.disabled_reason
  delete next.disabled_at
  return next
}

/** The reason written when a refresh answers invalid_grant, cut to 800 UTF-8 bytes. */
export const invalidGrantReason = (errorText: string): string =>
  truncateUtf8(`invalid_grant: ${errorText}`, DISABLED_REASON_MAX_BYTES)

export function markDisabled(
  account: AccountFile,
  reason: string,
  nowSeconds: number,
): AccountFile {
  return {
    ...account,
    disabled: true,
    disabled_at: nowSeconds,
    disabled_reason: truncateUtf8(reason, DISABLED_REASON_MAX_BYTES),
  }
}

export function setProxyDisabled(
  account: AccountFile,
  disabled: boolean,
  reason: string | null | undefined,
  nowSeconds: number,
): AccountFile {
  if (disabled) {
    return {
      ...account,
      proxy_disabled: true,
      proxy_disabled_reason: reason?.trim() || DEFAULT_PROXY_DISABLED_REASON,
      proxy_disabled_at: nowSeconds,
    }
  }
  const next: AccountFile = { ...account, proxy_disabled: false }
  delete next.proxy_disabled_reason
  delete next.proxy_disabled_at
  return next
}

/** Writes a refreshed access token back, keeping the rest of the token as stored. */
export function applyRefreshedToken(
  account: AccountFile,
  refreshed: {
    access_token: string
    expires_in: number
    refresh_token?: string | null
    id_token?: string | null
  },
  nowSeconds: number,
): AccountFile {
  const token: TokenData = {
    ...account.token,
    access_token: refreshed.access_token,
    expires_in: refreshed.expires_in,
    expiry_timestamp: nowSeconds + refreshed.expires_in,
  }
  if (refreshed.refresh_token) token.refresh_token = refreshed.refresh_token
  if (refreshed.id_token) token.id_token = refreshed.id_token
  return { ...account, token }
}

export const withProjectId = (account: AccountFile, projectId: string): AccountFile => ({
  ...account,
  token: { ...account.token, project_id: projectId },
})

/**
 * Records the subscription tier where the reference keeps it (`quota.subscription_tier`), leaving
 * every other quota field as it is. An unknown tier (null) keeps the one already stored.
 */
export function withSubscriptionTier(account: AccountFile, tier: string | null): AccountFile {
  if (!tier || account.quota?.subscription_tier === tier) return account
  return { ...account, quota: { ...account.quota, subscription_tier: tier } }
}
