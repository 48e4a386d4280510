import type { AccountDto } from './account-dto'

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
}

export interface ExportResultDto {
  /** Where the export was saved, or null when the user cancelled. */
  saved_to: string | null
  count: number
}
