import type { ReactNode } from 'react'
import type { AccountDto } from '../../../shared/account-dto'
import {
  describeDisabled,
  describeProxyDisabled,
  describeValidation,
} from '../format/describe-account'
import { formatClock } from '../format/format-time'

interface PoolMarker {
  text: string
  className: string
  title: string
}

function poolMarkerOf(account: AccountDto): PoolMarker | null {
  if (account.pool_status === 'cooldown' && account.cooldown_until !== null) {
    return {
      text: `Resting until ${formatClock(account.cooldown_until)}`,
      className: 'marker marker-resting',
      title: 'A rate limit or a Google error: the proxy skips this account until then',
    }
  }
  if (account.pool_status === 'quota-protected') {
    return {
      text: 'Quota protected',
      className: 'marker marker-resting',
      title: 'Quota protection keeps this account out of the pool for now',
    }
  }
  if (account.in_pool) {
    return { text: 'In pool', className: 'marker marker-ok', title: 'The proxy uses this account' }
  }
  return null
}

/** The account's state at a glance; the reasons are in the title and in the details panel. */
export function AccountBadges(props: { account: AccountDto }): ReactNode {
  const { account } = props
  const marker = poolMarkerOf(account)
  return (
    <span className="badges">
      {account.subscription_tier && (
        <span className="badge badge-tier" title="Subscription tier, as Google named it">
          {account.subscription_tier}
        </span>
      )}
      {account.disabled && (
        <span className="badge badge-danger" title={describeDisabled(account)}>
          Disabled
        </span>
      )}
      {account.validation_blocked && (
        <span className="badge badge-warning" title={describeValidation(account)}>
          Verification needed
        </span>
      )}
      {account.proxy_disabled && (
        <span className="badge badge-warning" title={describeProxyDisabled(account)}>
          Proxy disabled
        </span>
      )}
      {marker && (
        <span className={marker.className} title={marker.title}>
          {marker.text}
        </span>
      )}
      {account.protected_models.length > 0 && (
        <span
          className="badge badge-warning"
          title="Quota protection: its quota for these models is under the threshold, so it serves only the others until a fetched quota shows them recovered"
        >
          {`Not serving ${account.protected_models.join(', ')}`}
        </span>
      )}
      {account.session_bindings > 0 && (
        <span
          className="marker marker-ok"
          title="Conversations that stay on this account, so Google's prompt cache keeps working"
        >
          {account.session_bindings === 1
            ? '1 conversation'
            : `${account.session_bindings} conversations`}
        </span>
      )}
    </span>
  )
}
