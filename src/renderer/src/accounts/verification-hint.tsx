import type { ReactNode } from 'react'
import type { AccountDto } from '../../../shared/account-dto'

/**
 * Google asked the user to verify the account: what it said and its link. A new-window link: in
 * the desktop app the main process sends it to the system browser (never an app window), in the
 * web console it opens a tab. The core passes only https links.
 */
export function VerificationHint(props: { account: AccountDto }): ReactNode {
  const { account } = props
  return (
    <p className="row-hint">
      {account.validation_blocked_reason ?? 'Google asks to verify this account.'} agtray rests it
      and tries again in a while; it serves again once Google accepts it.{' '}
      {account.validation_url && (
        <a
          href={account.validation_url}
          target="_blank"
          rel="noopener noreferrer"
          className="verification-link"
        >
          Verify with Google
        </a>
      )}
    </p>
  )
}
