import type { AccountDto } from './account-dto'
import type { ErrorCode } from './error-codes'

export interface OAuthStartDto {
  flow_id: string
  /** Google's consent page for this flow. */
  auth_url: string
}

export interface OAuthFinishedDto {
  flow_id: string
  ok: boolean
  account: AccountDto | null
  created: boolean
  reenabled: boolean
  /** What went wrong, for the user, when `ok` is false (cancelled, refused, timed out). */
  message: string | null
  /** Why it ended without an account, when `ok` is false. */
  code?: ErrorCode | null
}

/** How a sign-in finished with a pasted address or code (the same news as `oauth-finished`). */
export interface OAuthCompletionDto {
  ok: boolean
  message: string
}

export interface ExportResultDto {
  /** Where the export was saved, or null when the user cancelled. */
  saved_to: string | null
  count: number
}
