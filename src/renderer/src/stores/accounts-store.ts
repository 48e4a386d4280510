import { createStore } from 'zustand'
import type { StoreApi } from 'zustand'
import type {
  AccountDto,
  ImportReportDto,
  QuotaRefreshReportDto,
  UnreadableAccountDto,
} from '../../../shared/account-dto'
import type { RendererApi } from '../../../shared/ipc-contract'
import type { ExportResultDto } from '../../../shared/oauth-dto'
import { countPastedAccounts } from '../format/count-pasted-accounts'
import type { Outcome, UiError } from './outcome'
import { attempt } from './outcome'

export type AccountFilter = 'all' | 'active' | 'disabled' | 'proxy-disabled'
export type AccountBusy = 'enabling' | 'disabling' | 'removing' | 'refreshing-quota'

export interface AccountsState {
  accounts: AccountDto[]
  unreadable: UnreadableAccountDto[]
  loaded: boolean
  filter: AccountFilter
  busy: Readonly<Record<string, AccountBusy>>
  /** How many accounts an add in progress holds (never the text itself: it has tokens). */
  adding: number | null
  exporting: boolean
  /** A quota refresh of every account is running. */
  refreshingAll: boolean
  error: UiError | null
  /** Listens to `accounts:changed` and loads the list; returns the way to stop. */
  connect(): () => void
  load(): Promise<void>
  setFilter(filter: AccountFilter): void
  addFromText(text: string): Promise<Outcome<ImportReportDto>>
  remove(id: string): Promise<Outcome<null>>
  setProxyDisabled(
    id: string,
    disabled: boolean,
    reason: string | null,
  ): Promise<Outcome<AccountDto>>
  /** The account's own outbound proxy (a URL), or null for the global one. */
  setOutboundProxy(id: string, proxyUrl: string | null): Promise<Outcome<AccountDto>>
  exportAccounts(): Promise<Outcome<ExportResultDto>>
  /** Fetches one account's quota from Google now. */
  refreshQuota(id: string): Promise<Outcome<AccountDto>>
  /** Fetches every account's quota now; a failed account shows as an error. */
  refreshAllQuotas(): Promise<Outcome<QuotaRefreshReportDto>>
  dismissError(): void
}

export type AccountsStore = StoreApi<AccountsState>

const withoutKey = <T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> => {
  const copy = { ...record }
  delete copy[key]
  return copy
}

export function createAccountsStore(api: RendererApi): AccountsStore {
  // Bumped by every event, so a list answer that left before an event cannot overwrite it.
  let eventsSeen = 0

  return createStore<AccountsState>()((set, get) => {
    const finish = (id: string): void => set({ busy: withoutKey(get().busy, id) })
    /** Accounts an answer carried replace the listed ones (an event may bring them sooner). */
    const replace = (updated: readonly AccountDto[]): void => {
      const byId = new Map(updated.map((account) => [account.id, account]))
      set({ accounts: get().accounts.map((account) => byId.get(account.id) ?? account) })
    }
    /** One account's change answered: shown at once, or its error. */
    const showUpdated = (outcome: Outcome<AccountDto>): void => {
      if (outcome.ok) replace([outcome.value])
      else set({ error: outcome.error })
    }

    return {
      accounts: [],
      unreadable: [],
      loaded: false,
      filter: 'all',
      busy: {},
      adding: null,
      exporting: false,
      refreshingAll: false,
      error: null,

      connect() {
        const stop = api.on('accounts:changed', (event) => {
          eventsSeen += 1
          set({ accounts: event.accounts, unreadable: event.unreadable, loaded: true })
        })
        void get().load()
        return stop
      },

      async load() {
        const seen = eventsSeen
        const outcome = await attempt(() => api.call('accounts:list'))
        if (!outcome.ok) set({ error: outcome.error })
        else if (seen === eventsSeen) {
          set({
            accounts: outcome.value.accounts,
            unreadable: outcome.value.unreadable,
            loaded: true,
          })
        }
      },

      setFilter: (filter) => set({ filter }),

      async addFromText(text) {
        set({ adding: Math.max(1, countPastedAccounts(text)) })
        const outcome = await attempt(() => api.call('accounts:add-from-text', text))
        set({ adding: null })
        return outcome
      },

      async remove(id) {
        set({ busy: { ...get().busy, [id]: 'removing' } })
        const outcome = await attempt(() => api.call('accounts:remove', id))
        finish(id)
        if (outcome.ok) set({ accounts: get().accounts.filter((account) => account.id !== id) })
        else set({ error: outcome.error })
        return outcome
      },

      async setProxyDisabled(id, disabled, reason) {
        set({ busy: { ...get().busy, [id]: disabled ? 'disabling' : 'enabling' } })
        const outcome = await attempt(() =>
          api.call('accounts:set-proxy-disabled', id, disabled, reason),
        )
        finish(id)
        showUpdated(outcome)
        return outcome
      },

      async setOutboundProxy(id, proxyUrl) {
        const outcome = await attempt(() => api.call('accounts:set-outbound-proxy', id, proxyUrl))
        showUpdated(outcome)
        return outcome
      },

      async exportAccounts() {
        set({ exporting: true })
        const outcome = await attempt(() => api.call('accounts:export'))
        set({ exporting: false })
        return outcome
      },

      async refreshQuota(id) {
        set({ busy: { ...get().busy, [id]: 'refreshing-quota' } })
        const outcome = await attempt(() => api.call('accounts:refresh-quota', id))
        finish(id)
        showUpdated(outcome)
        return outcome
      },

      async refreshAllQuotas() {
        set({ refreshingAll: true })
        const outcome = await attempt(() => api.call('accounts:refresh-all-quotas'))
        set({ refreshingAll: false })
        if (!outcome.ok) {
          set({ error: outcome.error })
          return outcome
        }
        replace(outcome.value.results.flatMap((result) => result.account ?? []))
        const failed = outcome.value.results.filter(
          (result) => result.outcome !== 'refreshed' && result.outcome !== 'skipped',
        )
        if (failed.length > 0) {
          set({
            error: {
              code: 'google_unavailable',
              message: failed
                .map(
                  (result) =>
                    `${result.email ?? result.account_id}: ${result.error ?? result.outcome}`,
                )
                .join('\n'),
            },
          })
        }
        return outcome
      },

      dismissError: () => set({ error: null }),
    }
  })
}
