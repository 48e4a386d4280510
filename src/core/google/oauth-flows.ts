import { randomUUID } from 'node:crypto'
import type { OAuthFinishedDto, OAuthStartDto } from '../../shared/oauth-dto'
import { AgtrayError } from '../agtray-error'
import type { OAuthRedirect } from '../core-api'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { ExchangedToken, GoogleOAuth } from './google-oauth'
import { OAUTH_LOGIN_TIMEOUT_MS, startOAuthLogin } from './oauth-login'
import type { OAuthRequest } from './oauth-request'
import { createOAuthRequest, exchangeCallback, stateMatches } from './oauth-request'

export interface GrantOutcome {
  finished: Omit<OAuthFinishedDto, 'flow_id' | 'ok' | 'message'>
  /** Set when the user signed in as someone else than the account being re-authorized. */
  note: string | null
}

interface Flow {
  id: string
  authUrl: string
  accountId: string | null
  cancel(): void
  /** Only for `server` flows: the request Google's redirect must match. */
  request: OAuthRequest | null
  timer: NodeJS.Timeout | null
}

export interface OAuthFlows {
  start(options: { accountId: string | null; redirect: OAuthRedirect }): Promise<OAuthStartDto>
  cancel(flowId: string): void
  url(flowId: string): string | null
  completeFromServer(query: Record<string, unknown>): Promise<{ ok: boolean; message: string }>
  cancelAll(): void
}

/**
 * The sign-ins in progress. Each ends once (account added, refused, cancelled, or timed out after
 * five minutes) and announces it with its flow id; its listener or state is then forgotten.
 */
export function createOAuthFlows(deps: {
  oauth: GoogleOAuth
  logger: Logger
  onGrant(grant: ExchangedToken, accountId: string | null): Promise<GrantOutcome>
  onFinished(finished: OAuthFinishedDto): void
  timeoutMs?: number
}): OAuthFlows {
  const flows = new Map<string, Flow>()
  const timeoutMs = deps.timeoutMs ?? OAUTH_LOGIN_TIMEOUT_MS

  const fail = (flowId: string, message: string): void => {
    deps.onFinished({
      flow_id: flowId,
      ok: false,
      account: null,
      created: false,
      reenabled: false,
      message,
    })
  }

  const conclude = async (
    flow: Flow,
    grant: ExchangedToken,
  ): Promise<{ ok: boolean; message: string }> => {
    try {
      const outcome = await deps.onGrant(grant, flow.accountId)
      deps.onFinished({ flow_id: flow.id, ok: true, message: outcome.note, ...outcome.finished })
      return {
        ok: true,
        message: outcome.note ?? `${outcome.finished.account?.email ?? 'The account'} is connected`,
      }
    } catch (error) {
      const message = describeError(error)
      fail(flow.id, message)
      return { ok: false, message }
    }
  }

  const forget = (flow: Flow): void => {
    flows.delete(flow.id)
    if (flow.timer) clearTimeout(flow.timer)
  }

  return {
    async start({ accountId, redirect }) {
      const id = randomUUID()
      if (redirect.kind === 'loopback') {
        const login = await startOAuthLogin(deps.oauth, { timeoutMs })
        const flow: Flow = {
          id,
          authUrl: login.authUrl,
          accountId,
          cancel: login.cancel,
          request: null,
          timer: null,
        }
        flows.set(id, flow)
        login.result.then(
          (grant) => {
            forget(flow)
            void conclude(flow, grant)
          },
          (error: Error) => {
            forget(flow)
            fail(id, error.message)
          },
        )
        return { flow_id: id, auth_url: login.authUrl }
      }
      const request = createOAuthRequest(deps.oauth, redirect.callbackUrl)
      const flow: Flow = {
        id,
        authUrl: request.authUrl,
        accountId,
        request,
        timer: null,
        cancel: () => {
          forget(flow)
          fail(id, 'The sign-in was cancelled')
        },
      }
      flow.timer = setTimeout(() => {
        forget(flow)
        fail(id, 'The sign-in was not completed within 5 minutes')
      }, timeoutMs)
      flow.timer.unref()
      flows.set(id, flow)
      return { flow_id: id, auth_url: request.authUrl }
    },

    cancel(flowId) {
      const flow = flows.get(flowId)
      if (!flow) throw new AgtrayError('not_found', 'This sign-in has already ended')
      flow.cancel()
    },

    url: (flowId) => flows.get(flowId)?.authUrl ?? null,

    async completeFromServer(query) {
      const flow = [...flows.values()].find(
        (candidate) => candidate.request && stateMatches(candidate.request, query),
      )
      if (!flow?.request) {
        return {
          ok: false,
          message:
            'This sign-in answer does not belong to a sign-in in progress. Start again from agtray.',
        }
      }
      forget(flow)
      try {
        return await conclude(flow, await exchangeCallback(deps.oauth, flow.request, query))
      } catch (error) {
        deps.logger.warn(`Sign-in failed: ${describeError(error)}`)
        fail(flow.id, describeError(error))
        return { ok: false, message: describeError(error) }
      }
    },

    cancelAll() {
      for (const flow of [...flows.values()]) flow.cancel()
    },
  }
}
