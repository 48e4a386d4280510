import { useMemo, useState } from 'react'
import type { ReactNode } from 'react'
import type { ExportResultDto } from '../../../shared/oauth-dto'
import { ErrorAlert } from '../components/error-alert'
import type { Outcome } from '../stores/outcome'
import { useAccounts, useOAuth, useStores } from '../stores/stores-context'
import { matchesFilter } from './account-filter'
import { AccountFilters } from './account-filters'
import { AccountRow } from './account-row'
import { AddAccountDialog } from './add-account-dialog'
import { DeleteAccountDialog } from './delete-account-dialog'
import { DisableProxyDialog } from './disable-proxy-dialog'
import { ExportButton, ExportResult } from './export-button'
import { OAuthFlows } from './oauth-flows'
import { UnreadableAccounts } from './unreadable-accounts'

type OpenDialog =
  | { kind: 'add' }
  | { kind: 'disable-proxy'; accountId: string }
  | { kind: 'delete'; accountId: string }

export function AccountsPage(): ReactNode {
  const stores = useStores()
  const accounts = useAccounts((state) => state.accounts)
  const loaded = useAccounts((state) => state.loaded)
  const filter = useAccounts((state) => state.filter)
  const accountsError = useAccounts((state) => state.error)
  const refreshingAll = useAccounts((state) => state.refreshingAll)
  const oauthError = useOAuth((state) => state.error)
  const [dialog, setDialog] = useState<OpenDialog | null>(null)
  const [exported, setExported] = useState<Outcome<ExportResultDto> | null>(null)
  const shown = useMemo(
    () => accounts.filter((account) => matchesFilter(account, filter)),
    [accounts, filter],
  )
  const close = (): void => setDialog(null)
  // A dialog's account may be removed meanwhile (another window, the CLI): then there is no dialog.
  const dialogAccount =
    dialog && dialog.kind !== 'add'
      ? accounts.find((account) => account.id === dialog.accountId)
      : undefined

  return (
    <section className="page" aria-labelledby="accounts-heading">
      <div className="page-head">
        <h1 id="accounts-heading">Accounts</h1>
        <div className="page-actions">
          <button
            type="button"
            className="button-primary"
            onClick={() => setDialog({ kind: 'add' })}
          >
            Add account
          </button>
          <button
            type="button"
            disabled={refreshingAll || accounts.length === 0}
            onClick={() => void stores.accounts.getState().refreshAllQuotas()}
          >
            {refreshingAll ? 'Refreshing quotas…' : 'Refresh all quotas'}
          </button>
          <ExportButton onDone={setExported} />
        </div>
      </div>
      <ExportResult outcome={exported} onDismiss={() => setExported(null)} />
      {/* Behind a modal dialog an alert could be neither seen nor reached: dialogs show their own. */}
      {!dialog && (
        <>
          <ErrorAlert
            error={accountsError}
            onDismiss={() => stores.accounts.getState().dismissError()}
          />
          <ErrorAlert error={oauthError} onDismiss={() => stores.oauth.getState().dismissError()} />
        </>
      )}
      <OAuthFlows />
      {loaded && accounts.length === 0 ? (
        <div className="empty">
          <p>No accounts yet.</p>
          <p>
            Choose <strong>Add account</strong> to sign in with Google, paste refresh tokens, or
            import an export file.
          </p>
        </div>
      ) : (
        <>
          <AccountFilters />
          {!loaded && <p className="help">Loading accounts…</p>}
          {loaded && shown.length === 0 && <p className="help">No account matches this filter.</p>}
          <ul className="account-list" aria-label="Accounts">
            {shown.map((account) => (
              <AccountRow
                key={account.id}
                account={account}
                onAskDisableProxy={(accountId) => setDialog({ kind: 'disable-proxy', accountId })}
                onAskDelete={(accountId) => setDialog({ kind: 'delete', accountId })}
              />
            ))}
          </ul>
        </>
      )}
      <UnreadableAccounts />
      {dialog?.kind === 'add' && <AddAccountDialog onClose={close} />}
      {dialog?.kind === 'disable-proxy' && dialogAccount && (
        <DisableProxyDialog account={dialogAccount} onClose={close} />
      )}
      {dialog?.kind === 'delete' && dialogAccount && (
        <DeleteAccountDialog account={dialogAccount} onClose={close} />
      )}
    </section>
  )
}
