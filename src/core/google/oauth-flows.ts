import { randomUUID } from 'node:crypto'
import type { ErrorCode } from '../../shared/error-codes'
import type { OAuthCompletionDto, OAuthFinishedDto, OAuthStartDto } from '../../shared/oauth-dto'
import { AgtrayError, isAgtrayError } from '../agtray-error'
import type { OAuthRedirect } from '../core-api'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { Timers } from '../runtime/timers'
import { systemTimers } from '../runtime/timers'
import type { ExchangedToken, GoogleOAuth } from './google-oauth'
import type { OAuthFlow } from './oauth-flow'
import { OAUTH_LOGIN_TIMEOUT_MS, createOAuthFlow } from './oauth-flow'
import { startLoopbackFlow } from './oauth-loopback'
import { completeWithPasted } from './pasted-answer'

export interface GrantOutcome {
  finished: Omit<OAuthFinishedDto, 'flow_id' | 'ok' | 'message' | 'code'>
  /** Set when the user signed in as someone else than the account being re-authorized. */
  note: string | null
}

interface Entry {
  id: string
  flow: OAuthFlow
  /** What the sign-in came to, once the account is stored (or why not). */
  outcome: Promise<{ ok: boolean; message: string }>
}

export interface OAuthFlows {
  start(options: { accountId: string | null; redirect: OAuthRedirect }): Promise<OAuthStartDto>
  cancel(flowId: string): void
  url(flowId: string): string | null
  completeFromServer(query: Record<string, unknown>): Promise<{ ok: boolean; message: string }>
  /** Finishes a sign-in with what the user pasted (see `completeWithPasted`). */
  completePasted(flowId: string, text: string): Promise<OAuthCompletionDto>
  cancelAll(): void
}

/**
 * The sign-ins in progress, of both redirect kinds. Each ends once (account added, refused,
 * cancelled, or timed out) and announces it with its flow id and, when it failed, its code.
 */
export function createOAuthFlows(deps: {
  oauth: GoogleOAuth
  logger: Logger
  onGrant(grant: ExchangedToken, accountId: string | null): Promise<GrantOutcome>
  onFinished(finished: OAuthFinishedDto): void
  timeoutMs?: number
  timers?: Timers
}): OAuthFlows {
  const entries = new Map<string, Entry>()
  const timing = {
    timeoutMs: deps.timeoutMs ?? OAUTH_LOGIN_TIMEOUT_MS,
    timers: deps.timers ?? systemTimers,
  }

  const failed = (id: string, error: unknown): { ok: boolean; message: string } => {
    const message = describeError(error)
    const code: ErrorCode = isAgtrayError(error) ? error.code : 'internal'
    if (code !== 'sign_in_cancelled') deps.logger.warn(`Sign-in did not complete: ${message}`)
    deps.onFinished({
      flow_id: id,
      ok: false,
      account: null,
      created: false,
      reenabled: false,
      message,
      code,
    })
    return { ok: false, message }
  }

  const conclude = async (
    id: string,
    grant: ExchangedToken,
    accountId: string | null,
  ): Promise<{ ok: boolean; message: string }> => {
    try {
      const outcome = await deps.onGrant(grant, accountId)
      deps.onFinished({
        flow_id: id,
        ok: true,
        message: outcome.note,
        code: null,
        ...outcome.finished,
      })
      return {
        ok: true,
        message: outcome.note ?? `${outcome.finished.account?.email ?? 'The account'} is connected`,
      }
    } catch (error) {
      return failed(id, error)
    }
  }

  const track = (flow: OAuthFlow, accountId: string | null): OAuthStartDto => {
    const id = randomUUID()
    const outcome = flow.result.then(
      (grant) => {
        entries.delete(id)
        return conclude(id, grant, accountId)
      },
      (error: unknown) => {
        entries.delete(id)
        return failed(id, error)
      },
    )
    entries.set(id, { id, flow, outcome })
    return { flow_id: id, auth_url: flow.authUrl }
  }

  return {
    async start({ accountId, redirect }) {
      const flow =
        redirect.kind === 'loopback'
          ? await startLoopbackFlow({ oauth: deps.oauth, ...timing })
          : createOAuthFlow({ oauth: deps.oauth, redirectUri: redirect.callbackUrl, ...timing })
      return track(flow, accountId)
    },

    cancel(flowId) {
      const entry = entries.get(flowId)
      if (!entry) throw new AgtrayError('not_found', 'This sign-in has already ended')
      entry.flow.cancel()
    },

    url: (flowId) => entries.get(flowId)?.flow.authUrl ?? null,

    async completeFromServer(query) {
      const entry = [...entries.values()].find((candidate) => candidate.flow.owns(query))
      if (!entry) {
        return {
          ok: false,
          message:
            'This sign-in answer does not belong to a sign-in in progress. Start again from agtray.',
        }
      }
      // The outcome says it all (stored account, refusal…); the exchange's own rejection is in it.
      entry.flow.complete(query).catch(() => undefined)
      return entry.outcome
    },

    async completePasted(flowId, text) {
      const entry = entries.get(flowId)
      if (!entry) throw new AgtrayError('not_found', 'This sign-in has already ended')
      // The outcome says it all; a refused paste throws before the sign-in is touched.
      completeWithPasted(entry.flow, text).catch(() => undefined)
      return entry.outcome
    },

    cancelAll() {
      for (const entry of [...entries.values()]) entry.flow.cancel()
    },
  }
}
