import { createStore } from 'zustand'
import type { StoreApi } from 'zustand'
import type { RendererApi } from '../../../shared/ipc-contract'
import type { OAuthCompletionDto, OAuthFinishedDto, OAuthStartDto } from '../../../shared/oauth-dto'
import type { Outcome, UiError } from './outcome'
import { attempt } from './outcome'

export type OAuthFlowStatus = 'waiting' | 'cancelling' | 'finished'

export interface OAuthFlow {
  flowId: string
  /** The account being re-authorized; null when adding one. */
  accountId: string | null
  /** Its email, for "Re-authorizing a@b.com". */
  email: string | null
  status: OAuthFlowStatus
  result: OAuthFinishedDto | null
}

/** Sign-ins in progress and their ends. Google's page URL is not kept: it is asked for again. */
export interface OAuthState {
  flows: OAuthFlow[]
  /** The account a start is pending for ('new' when adding one). */
  starting: string | null
  error: UiError | null
  connect(): () => void
  start(accountId: string | null, email?: string | null): Promise<Outcome<OAuthStartDto>>
  cancel(flowId: string): Promise<void>
  openInBrowser(flowId: string): Promise<void>
  /** Finishes a sign-in done on another device with the address (or code) pasted back. */
  completeWithPaste(flowId: string, answer: string): Promise<Outcome<OAuthCompletionDto>>
  dismiss(flowId: string): void
  dismissError(): void
}

export type OAuthStore = StoreApi<OAuthState>

export function createOAuthStore(api: RendererApi): OAuthStore {
  // A sign-in can end before its start call has answered; its end waits here until then.
  const endedEarly = new Map<string, OAuthFinishedDto>()

  return createStore<OAuthState>()((set, get) => {
    const update = (flowId: string, change: Partial<OAuthFlow>): void =>
      set({
        flows: get().flows.map((flow) => (flow.flowId === flowId ? { ...flow, ...change } : flow)),
      })

    const finish = (result: OAuthFinishedDto): void => {
      const flow = get().flows.find((candidate) => candidate.flowId === result.flow_id)
      if (!flow) {
        if (get().starting !== null) endedEarly.set(result.flow_id, result)
        return
      }
      // The user asked to stop: "cancelled" is no news to them.
      if (flow.status === 'cancelling' && !result.ok) get().dismiss(flow.flowId)
      else update(flow.flowId, { status: 'finished', result })
    }

    return {
      flows: [],
      starting: null,
      error: null,

      connect: () => api.on('oauth:finished', finish),

      async start(accountId, email = null) {
        set({ starting: accountId ?? 'new', error: null })
        const outcome = await attempt(() => api.call('accounts:start-oauth', accountId))
        set({ starting: null })
        if (!outcome.ok) {
          set({ error: outcome.error })
          return outcome
        }
        const flowId = outcome.value.flow_id
        const flow: OAuthFlow = { flowId, accountId, email, status: 'waiting', result: null }
        // One sign-in per account on screen: a new one replaces an older one that ended.
        const others = get().flows.filter(
          (other) => other.status === 'waiting' || other.accountId !== accountId,
        )
        set({ flows: [...others, flow] })
        const early = endedEarly.get(flowId)
        endedEarly.clear()
        if (early) finish(early)
        return outcome
      },

      async cancel(flowId) {
        update(flowId, { status: 'cancelling' })
        const outcome = await attempt(() => api.call('accounts:cancel-oauth', flowId))
        // not_found: it ended meanwhile, and its end is on its way as an event.
        if (!outcome.ok && outcome.error.code !== 'not_found') {
          update(flowId, { status: 'waiting' })
          set({ error: outcome.error })
        }
      },

      async openInBrowser(flowId) {
        const outcome = await attempt(() => api.call('accounts:open-oauth-in-browser', flowId))
        if (!outcome.ok) set({ error: outcome.error })
      },

      async completeWithPaste(flowId, answer) {
        set({ error: null })
        const outcome = await attempt(() => api.call('accounts:complete-oauth', flowId, answer))
        // Its end (account added, or Google's refusal) also comes as `oauth:finished`.
        if (!outcome.ok) set({ error: outcome.error })
        return outcome
      },

      dismiss: (flowId) => set({ flows: get().flows.filter((flow) => flow.flowId !== flowId) }),

      dismissError: () => set({ error: null }),
    }
  })
}
