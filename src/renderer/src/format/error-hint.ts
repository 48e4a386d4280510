import type { ErrorCode } from '../../../shared/error-codes'

/** What to do next, for the codes whose message alone does not say it. */
const hints: Partial<Record<ErrorCode, string>> = {
  unauthorized: 'Log in again.',
  not_found: 'It may have been removed meanwhile; the list shows what exists now.',
  google_refused: 'Sign in again with Re-authorize, or add a fresh refresh token.',
  google_unavailable: 'Check the network connection, then try again.',
  outbound_proxy_failed:
    'Check that the outbound proxy runs and accepts these credentials (Settings, or the account’s proxy).',
  account_file_unreadable: 'Fix or remove that file in the data folder, then try again.',
  port_in_use: 'Another program uses that port: choose another one, or stop it.',
  data_dir_locked: 'Another agtray is using this data folder: quit it, then try again.',
  conflict: 'Try again in a moment.',
  sign_in_timed_out: 'Start the sign-in again and finish it in the browser before the time is up.',
  unknown_host:
    'Open agtray by its own address (127.0.0.1 or localhost), or list this name in proxy.allowed_hosts.',
  internal: 'Try again; if it keeps failing, the agtray log says why.',
}

export const errorHint = (code: ErrorCode): string | null => hints[code] ?? null
