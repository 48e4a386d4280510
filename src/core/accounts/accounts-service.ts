import type { AccountDto } from '../../shared/account-dto'
import type { AccountsChangedReason, CoreEventMap } from '../../shared/core-events'
import { AgtrayError } from '../agtray-error'
import type { CoreApi } from '../core-api'
import type { ExchangedToken } from '../google/google-oauth'
import type { GrantOutcome } from '../google/oauth-flows'
import type { TokenPool } from '../pool/token-pool'
import type { TypedEmitter } from '../runtime/typed-emitter'
import type { AccountManager } from './account-manager'
import { readPastedAccounts } from './refresh-token-text'

export type AccountsApi = Pick<
  CoreApi,
  | 'listAccounts'
  | 'addAccountByRefreshToken'
  | 'addAccountsFromText'
  | 'removeAccount'
  | 'setAccountProxyDisabled'
  | 'setAccountOutboundProxy'
  | 'importAccounts'
  | 'exportAccounts'
>

export interface AccountsService extends AccountsApi {
  /** Stores the account a sign-in ended with; `reauthorizing` is the account it was meant for. */
  addFromSignIn(grant: ExchangedToken, reauthorizing: string | null): Promise<GrantOutcome>
  /** Announces a change the manager or the pool made, with the list as it now is. */
  announce(reason: AccountsChangedReason, accountId: string | null): void
  /** Judges every account's standing again (the quota protection settings may have changed). */
  reconsider(): void
}

/** Re-authorizing one account but signing in as another stores the other: say so. */
const signedInAsSomeoneElse = (signedIn: string, expected: string, created: boolean): string =>
  `You signed in as ${signedIn}, not ${expected}; ${signedIn} was ${created ? 'added' : 'updated'}`

/**
 * What the outside does to accounts, in DTOs: the manager writes the files, the pool holds what
 * they say; every change is announced as `accounts-changed` with its reason.
 */
export function createAccountsService(deps: {
  manager: AccountManager
  pool: TokenPool
  events: TypedEmitter<CoreEventMap>
  /** The pool's counts are part of the proxy status. */
  onPoolChanged(): void
}): AccountsService {
  const { manager, pool, events } = deps

  const dtoOf = (id: string): AccountDto => {
    const dto = pool.dto(id)
    if (!dto) throw new AgtrayError('not_found', `No account with id ${id}`)
    return dto
  }

  const announce = (reason: AccountsChangedReason, accountId: string | null): void => {
    events.emit('accounts-changed', { reason, account_id: accountId, ...pool.list() })
    deps.onPoolChanged()
  }

  return {
    listAccounts: () => pool.list(),
    async addAccountByRefreshToken(refreshToken) {
      const result = await manager.addByRefreshToken(refreshToken)
      return {
        account: dtoOf(result.account.id),
        created: result.created,
        reenabled: result.reenabled,
      }
    },
    async addAccountsFromText(text) {
      const pasted = readPastedAccounts(text)
      if (pasted.kind === 'json') return manager.importAccounts(pasted.value)
      if (pasted.tokens.length === 0) {
        throw new AgtrayError(
          'invalid_input',
          'No refresh token found: they start with 1// (or paste an export file)',
        )
      }
      return manager.importAccounts(pasted.tokens.map((token) => ({ refresh_token: token })))
    },
    removeAccount: (id) => manager.remove(id),
    async setAccountProxyDisabled(id, disabled, reason) {
      await manager.setProxyDisabled(id, disabled, reason)
      return dtoOf(id)
    },
    async setAccountOutboundProxy(id, proxyUrl) {
      await manager.setOutboundProxy(id, proxyUrl)
      return dtoOf(id)
    },
    importAccounts: (input) => manager.importAccounts(input),
    exportAccounts: () => manager.exportAll(),

    async addFromSignIn(grant, reauthorizing) {
      const result = await manager.addFromGrant(grant)
      const account = dtoOf(result.account.id)
      const expected = reauthorizing ? pool.dto(reauthorizing) : undefined
      return {
        finished: { account, created: result.created, reenabled: result.reenabled },
        note:
          expected && expected.id !== account.id
            ? signedInAsSomeoneElse(account.email, expected.email, result.created)
            : null,
      }
    },
    announce,
    reconsider() {
      if (pool.reconsider()) announce('reloaded', null)
    },
  }
}
