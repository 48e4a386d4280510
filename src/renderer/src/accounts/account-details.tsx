import type { ReactNode } from 'react'
import type { AccountDto } from '../../../shared/account-dto'
import { ProxyUrlForm } from '../components/proxy-url-form'
import { formatDateTime } from '../format/format-time'
import { useStores } from '../stores/stores-context'

const since = (at: number | null): string => (at === null ? '' : ` (since ${formatDateTime(at)})`)

/** The reasons behind the badges, for keyboard and screen reader users who get no tooltip. */
export function AccountDetails(props: { account: AccountDto }): ReactNode {
  const { account } = props
  const store = useStores().accounts
  return (
    <details className="account-details">
      <summary>Details</summary>
      <dl>
        {account.disabled && (
          <>
            <dt>Why disabled</dt>
            <dd>
              {(account.disabled_reason ?? 'No reason recorded') + since(account.disabled_at)}
            </dd>
          </>
        )}
        {account.proxy_disabled && (
          <>
            <dt>Why proxy disabled</dt>
            <dd>
              {(account.proxy_disabled_reason ?? 'No reason given') +
                since(account.proxy_disabled_at)}
            </dd>
          </>
        )}
        <dt>Project</dt>
        <dd>{account.project_id ?? 'Not known yet'}</dd>
        {account.created_at !== null && (
          <>
            <dt>Added</dt>
            <dd>{formatDateTime(account.created_at)}</dd>
          </>
        )}
        <AccountActivity account={account} />
        <dt>Account id</dt>
        <dd>
          <code>{account.id}</code>
        </dd>
      </dl>
      <ProxyUrlForm
        key={account.outbound_proxy ?? ''}
        label="Outbound proxy of this account"
        current={account.outbound_proxy}
        help="Its calls to Google go through this proxy instead of the global one (Settings)."
        onSave={(url) => void store.getState().setOutboundProxy(account.id, url)}
      />
    </details>
  )
}

/** What the account did since agtray started, and the models Google made it rest for. */
function AccountActivity(props: { account: AccountDto }): ReactNode {
  const { activity } = props.account
  const lastUsed = activity.last_used_at ?? props.account.last_used
  const resting = activity.resting_models
  return (
    <>
      <dt>Since agtray started</dt>
      <dd>
        {plural(activity.requests, 'request')}, {plural(activity.errors, 'error')}
      </dd>
      {lastUsed !== null && (
        <>
          <dt>Last used</dt>
          <dd>{formatDateTime(lastUsed)}</dd>
        </>
      )}
      {resting.length > 0 && (
        <>
          <dt>Resting for</dt>
          <dd>
            {resting.map((rest) => `${rest.model} until ${formatDateTime(rest.until)}`).join(', ')}
          </dd>
        </>
      )}
    </>
  )
}

const plural = (count: number, unit: string): string => `${count} ${unit}${count === 1 ? '' : 's'}`
