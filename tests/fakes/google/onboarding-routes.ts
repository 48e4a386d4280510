import { randomBytes } from 'node:crypto'
import type { FakeContext, RouteHandler } from './fake-context'
import { invalidArgument, notFound, rpcError } from './google-errors'
import type { Exchange } from './http-exchange'
import { isRecord } from './http-exchange'
import type { FakeCall, FakeUser, OnboardingScript } from './types'

/** Where a user stands with Antigravity's onboarding; users not listed are onboarded. */
export type OnboardingState =
  | { kind: 'needed'; pollsUntilDone: number }
  | { kind: 'running'; operation: string; pollsLeft: number }
  | { kind: 'ineligible' }

export type OnboardingStates = Map<string, OnboardingState>

export const ineligibleReason = 'Antigravity is not available for this account.'

export const toOnboardingState = (script: OnboardingScript): OnboardingState =>
  script === 'ineligible'
    ? { kind: 'ineligible' }
    : { kind: 'needed', pollsUntilDone: script.pollsUntilDone }

/**
 * loadCodeAssist for a user who has no project yet: no `cloudaicompanionProject` and no current
 * tier, the free tier offered as default (as gemini-cli and Antigravity see new users); an
 * ineligible user is offered only the standard tier and told why the free one is out of reach.
 */
export function notOnboardedAnswer(state: OnboardingState, fixture: Record<string, unknown>) {
  const allowed = (fixture.allowedTiers as Array<Record<string, unknown>>) ?? []
  if (state.kind === 'ineligible') {
    return {
      allowedTiers: allowed.filter((tier) => tier.isDefault !== true),
      ineligibleTiers: [
        {
          reasonCode: 'INELIGIBLE_ACCOUNT',
          reasonMessage: ineligibleReason,
          tierId: 'free-tier',
          tierName: 'Antigravity',
        },
      ],
      gcpManaged: false,
    }
  }
  return { allowedTiers: allowed, gcpManaged: false }
}

const operationBody = (name: string, user: FakeUser, done: boolean) =>
  done
    ? {
        name,
        done: true,
        response: {
          '@type': 'type.googleapis.com/google.internal.cloud.code.v1internal.OnboardUserResponse',
          cloudaicompanionProject: { id: user.projectId, name: user.projectId },
        },
      }
    : { name, done: false }

/** POST /v1internal:onboardUser: starts a long-running operation (the default tier only). */
export function handleOnboardUser(
  begin: (
    ex: Exchange,
    ctx: FakeContext,
    call: FakeCall,
  ) => Promise<{ user: FakeUser; body: unknown } | null>,
): RouteHandler {
  return async (ex, ctx) => {
    const call = ex.record('onboardUser')
    const started = await begin(ex, ctx, call)
    if (!started) return
    const { user, body } = started
    if (!isRecord(body) || typeof body.tierId !== 'string') {
      return ex.sendJson(400, invalidArgument('* OnboardUserRequest.tier_id is required\n'))
    }
    const state = ctx.onboarding.get(user.email)
    if (state?.kind === 'ineligible' || body.tierId !== 'free-tier') {
      return ex.sendJson(
        400,
        rpcError(400, 'FAILED_PRECONDITION', `${ineligibleReason} (tier ${body.tierId})`),
      )
    }
    if (!state)
      return ex.sendJson(200, operationBody(`operations/done-${user.projectId}`, user, true))
    const operation =
      state.kind === 'running'
        ? state.operation
        : `operations/onboard-${randomBytes(6).toString('hex')}`
    const pollsLeft = state.kind === 'running' ? state.pollsLeft : state.pollsUntilDone
    if (pollsLeft <= 0) {
      ctx.onboarding.delete(user.email)
      return ex.sendJson(200, operationBody(operation, user, true))
    }
    ctx.onboarding.set(user.email, { kind: 'running', operation, pollsLeft })
    ex.sendJson(200, operationBody(operation, user, false))
  }
}

/** GET /v1internal/operations/<id>: done once the user's scripted number of polls has passed. */
export function handleGetOperation(
  begin: (ex: Exchange, ctx: FakeContext, call: FakeCall) => Promise<{ user: FakeUser } | null>,
): RouteHandler {
  return async (ex, ctx) => {
    const call = ex.record('getOperation')
    const started = await begin(ex, ctx, call)
    if (!started) return
    const { user } = started
    const name = ex.url.pathname.replace(/^\/v1internal\//, '')
    const state = ctx.onboarding.get(user.email)
    if (!state) return ex.sendJson(200, operationBody(name, user, true))
    if (state.kind !== 'running' || state.operation !== name) return ex.sendJson(404, notFound())
    const pollsLeft = state.pollsLeft - 1
    if (pollsLeft <= 0) {
      ctx.onboarding.delete(user.email)
      return ex.sendJson(200, operationBody(name, user, true))
    }
    ctx.onboarding.set(user.email, { ...state, pollsLeft })
    ex.sendJson(200, operationBody(name, user, false))
  }
}
