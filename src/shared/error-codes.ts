/** Error codes shared by the admin API, the CLI and IPC answers. */
export type ErrorCode =
  | 'invalid_input'
  | 'not_found'
  | 'conflict'
  | 'unauthorized'
  | 'google_refused'
  | 'google_unavailable'
  | 'outbound_proxy_failed'
  | 'account_file_unreadable'
  | 'data_dir_locked'
  | 'port_in_use'
  | 'sign_in_cancelled'
  | 'sign_in_timed_out'
  | 'too_large'
  | 'unknown_host'
  | 'foreign_origin'
  | 'internal'

/** HTTP status the admin API answers with for each code. */
export const httpStatusForErrorCode: Record<ErrorCode, number> = {
  invalid_input: 400,
  not_found: 404,
  conflict: 409,
  unauthorized: 401,
  google_refused: 400,
  google_unavailable: 502,
  /** The outbound proxy to Google refused, failed or could not be reached. */
  outbound_proxy_failed: 502,
  account_file_unreadable: 409,
  data_dir_locked: 409,
  port_in_use: 409,
  sign_in_cancelled: 409,
  sign_in_timed_out: 408,
  too_large: 413,
  /** 421 Misdirected Request: the Host header names a server this one is not. */
  unknown_host: 421,
  foreign_origin: 403,
  internal: 500,
}

export interface ErrorBodyDto {
  error: { code: ErrorCode; message: string }
}
