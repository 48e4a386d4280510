/** Where an account stands with respect to the proxy's pool, most severe first. */
export type PoolStatus =
  'in-pool' | 'cooldown' | 'disabled' | 'quota-protected' | 'proxy-disabled' | 'unreadable'

/** One model's remaining quota, as last fetched from Google (stored in the account file). */
export interface ModelQuotaDto {
  name: string
  /** 0-100, what is left. */
  percentage: number
  /** RFC 3339, or null when Google gave none. */
  reset_time: string | null
}

export interface QuotaDto {
  models: ModelQuotaDto[]
  subscription_tier: string | null
  /** Unix seconds. */
  last_updated: number | null
  /** Google answered 403 to the quota check: the account is out of the pool until a fetch succeeds. */
  is_forbidden: boolean
  /** Google's message with that 403, when there was one. */
  forbidden_reason: string | null
}

/**
 * What the UI, the CLI and the admin API may know about an account. Snake case, like the account
 * files. Never carries a token. Times from the files (`*_at`, `created_at`, `last_used`) are Unix
 * seconds, as the reference writes them; `cooldown_until` is Unix milliseconds (runtime only).
 */
/** What an account did since agtray started (in memory; a restart begins again at zero). */
export interface AccountActivityDto {
  /** Requests Google answered through this account, errors included. */
  requests: number
  errors: number
  /** Unix seconds: when a request last went to this account; null when none yet. */
  last_used_at: number | null
  /** Models this account rests for after Google refused them, and until when (unix seconds). */
  resting_models: { model: string; until: number }[]
}

export interface AccountDto {
  id: string
  email: string
  name: string | null
  disabled: boolean
  disabled_at: number | null
  disabled_reason: string | null
  proxy_disabled: boolean
  proxy_disabled_reason: string | null
  proxy_disabled_at: number | null
  project_id: string | null
  /** Google asked the user to verify this account (a 403); it serves again once that is done. */
  validation_blocked: boolean
  /** Google's words, e.g. "Verify your account to continue."; null when not blocked. */
  validation_blocked_reason: string | null
  /** Where to verify (https only); null when not blocked or Google gave no link. */
  validation_url: string | null
  /** Unix seconds: when Google first asked. */
  validation_blocked_at: number | null
  /**
   * The account's own outbound proxy to Google, its password shown as `***`; null when it uses
   * the global one.
   */
  outbound_proxy: string | null
  in_pool: boolean
  pool_status: PoolStatus
  /** Unix ms until which the account rests after a transient failure; null when not resting. */
  cooldown_until: number | null
  created_at: number | null
  last_used: number | null
  /** The quota stored with the account, when it was ever fetched; null otherwise. */
  quota: QuotaDto | null
  /**
   * Model families (`claude`, `gemini-3-flash`…) quota protection keeps the account off: its
   * stored quota for them is under the threshold. Empty when protection is off.
   */
  protected_models: string[]
  /** How many conversations stay on this account (session affinity, balanced scheduling). */
  session_bindings: number
  /**
   * The subscription tier Google named (loadCodeAssist: paid tier, else current tier), e.g.
   * "Google AI Pro"; stored as `quota.subscription_tier`. Null until agtray has asked.
   */
  subscription_tier: string | null
  /** Requests, errors and last use since agtray started, and the models it rests for. */
  activity: AccountActivityDto
}

/** An account file that exists but cannot be read; it is left untouched. */
export interface UnreadableAccountDto {
  id: string
  file: string
  error: string
}

export interface AccountListDto {
  accounts: AccountDto[]
  unreadable: UnreadableAccountDto[]
}

export interface UpsertResultDto {
  account: AccountDto
  created: boolean
  /** True when the account was `disabled` and the new token cleared it. */
  reenabled: boolean
}

export interface ImportReportDto {
  total: number
  added: number
  updated: number
  failed: { email: string | null; error: string }[]
}

/**
 * What one quota check did: `refreshed` (stored), `forbidden` (Google answered 403: out of the
 * pool), `disabled` (the token refresh answered invalid_grant, or it already was), `failed`
 * (network, 5xx: nothing changed), `skipped` (not checked).
 */
export type QuotaRefreshOutcome = 'refreshed' | 'forbidden' | 'disabled' | 'failed' | 'skipped'

export interface QuotaRefreshResultDto {
  account_id: string
  email: string | null
  outcome: QuotaRefreshOutcome
  error: string | null
  /** The account as it stands after the check; null when it is gone. */
  account: AccountDto | null
}

export interface QuotaRefreshReportDto {
  total: number
  refreshed: number
  failed: number
  results: QuotaRefreshResultDto[]
}
