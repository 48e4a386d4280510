import { useId } from 'react'
import type { ReactNode } from 'react'
import type { AccountDto } from '../../../shared/account-dto'
import { useAccounts, useOAuth, useStores } from '../stores/stores-context'
import { AccountBadges } from './account-badges'
import { AccountDetails } from './account-details'
import { AccountQuota } from './account-quota'
import { VerificationHint } from './verification-hint'

export interface AccountRowProps {
  account: AccountDto
  onAskDisableProxy: (id: string) => void
  onAskDelete: (id: string) => void
}

export function AccountRow(props: AccountRowProps): ReactNode {
  const { account } = props
  const stores = useStores()
  const busy = useAccounts((state) => state.busy[account.id])
  const starting = useOAuth((state) => state.starting === account.id)
  const signingIn = useOAuth((state) =>
    state.flows.some((flow) => flow.accountId === account.id && flow.status !== 'finished'),
  )
  const emailId = useId()

  const reauthorize = (): void => void stores.oauth.getState().start(account.id, account.email)
  const refreshQuota = (): void => void stores.accounts.getState().refreshQuota(account.id)
  const enableProxy = (): void =>
    void stores.accounts.getState().setProxyDisabled(account.id, false, null)

  return (
    <li
      className={account.disabled ? 'account-row is-disabled' : 'account-row'}
      aria-labelledby={emailId}
    >
      <div className="account-main">
        <div className="account-identity">
          <span id={emailId} className="account-email">
            {account.email}
          </span>
          {account.name && <span className="account-name">{account.name}</span>}
        </div>
        <AccountBadges account={account} />
      </div>
      <AccountQuota quota={account.quota} />
      {account.validation_blocked && <VerificationHint account={account} />}
      {account.disabled && (
        <p className="row-hint">
          Google no longer accepts this account&apos;s sign-in. Re-authorize to use it again.
        </p>
      )}
      <div className="account-actions">
        <button
          type="button"
          className={account.disabled ? 'button-primary' : undefined}
          disabled={starting || signingIn}
          onClick={reauthorize}
        >
          {starting ? 'Starting…' : 'Re-authorize'}
        </button>
        <button
          type="button"
          disabled={busy !== undefined || account.disabled}
          onClick={refreshQuota}
          aria-label={`Refresh quota of ${account.email}`}
        >
          {busy === 'refreshing-quota' ? 'Refreshing…' : 'Refresh quota'}
        </button>
        {account.proxy_disabled ? (
          <button type="button" disabled={busy !== undefined} onClick={enableProxy}>
            {busy === 'enabling' ? 'Enabling…' : 'Enable for proxy'}
          </button>
        ) : (
          <button
            type="button"
            disabled={busy !== undefined}
            onClick={() => props.onAskDisableProxy(account.id)}
          >
            {busy === 'disabling' ? 'Disabling…' : 'Disable for proxy'}
          </button>
        )}
        <button
          type="button"
          className="button-danger-quiet"
          disabled={busy !== undefined}
          onClick={() => props.onAskDelete(account.id)}
        >
          {busy === 'removing' ? 'Deleting…' : 'Delete'}
        </button>
      </div>
      <AccountDetails account={account} />
    </li>
  )
}
