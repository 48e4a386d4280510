/**
 * Every error code agtray answers with, once: its HTTP status and, in the user's words, when it
 * happens. The admin API, the CLI, IPC answers and the AI routes (through their protocol's format)
 * all take their codes from here; the README's table is checked against it.
 */
export const errorCodes = {
  invalid_input: { status: 400, when: 'a field is missing or wrong, a body that is not JSON' },
  google_refused: { status: 400, when: 'Google refused the token (`invalid_grant`…)' },
  // A 400 (not a 5xx) so that AI clients show it at once instead of retrying what cannot pass.
  client_outdated: {
    status: 400,
    when: 'Google no longer accepts the Antigravity version agtray presents; set a newer one',
  },
  unauthorized: { status: 401, when: 'no or a wrong admin token, no session' },
  foreign_origin: { status: 403, when: 'a web page of another site' },
  not_found: { status: 404, when: 'no such account, or a sign-in that has ended' },
  sign_in_timed_out: { status: 408, when: 'a sign-in that was not completed in time' },
  conflict: { status: 409, when: 'a change that collides with another one' },
  account_file_unreadable: {
    status: 409,
    when: "the account's file does not parse; fix or remove it",
  },
  data_dir_locked: { status: 409, when: 'another agtray process owns the data folder' },
  port_in_use: { status: 409, when: 'the port agtray should listen on is taken' },
  sign_in_cancelled: { status: 409, when: 'a sign-in the user cancelled' },
  too_large: { status: 413, when: 'a body over the limit (16 KB to sign in, 10 MB otherwise)' },
  /** 421 Misdirected Request: the Host header names a server this one is not. */
  unknown_host: { status: 421, when: 'a `Host` agtray does not answer to' },
  accounts_resting: {
    status: 429,
    when: 'every account that could serve rests for a while; `Retry-After` says how long',
  },
  internal: { status: 500, when: 'a bug; the log has the stack' },
  google_unavailable: { status: 502, when: 'Google could not be reached' },
  no_account: {
    status: 503,
    when: 'no account can serve: none, all disabled, or the proxy is off',
  },
} as const satisfies Record<string, { status: number; when: string }>

export type ErrorCode = keyof typeof errorCodes

export const isErrorCode = (value: unknown): value is ErrorCode =>
  typeof value === 'string' && Object.hasOwn(errorCodes, value)

export const httpStatusOf = (code: ErrorCode): number => errorCodes[code].status

export interface ErrorBodyDto {
  error: { code: ErrorCode; message: string }
}
