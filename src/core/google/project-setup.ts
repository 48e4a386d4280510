import type { Timers } from '../runtime/timers'
import type { CloudCodeClient, CloudCodeOperation } from './cloud-code-client'
import { CloudCodeError } from './cloud-code-client'
import type { LoadCodeAssistAnswer } from './code-assist-tier'
import { defaultAllowedTier, projectIdOf, subscriptionTierOf } from './code-assist-tier'

/** Polls of a running onboarding before agtray gives up for now (and tries at the next use). */
export const ONBOARDING_MAX_POLLS = 10
/** Wait before the n-th poll: 1 s, 2 s, 4 s, then every 5 s (gemini-cli polls every 5 s). */
export const onboardingPollDelayMs = (poll: number): number => Math.min(5000, 1000 * 2 ** poll)

export type ProjectSetup =
  | { kind: 'ready'; projectId: string; tier: string | null; onboarded: boolean }
  /** Google will not give this account a project; the user has to act (the token is fine). */
  | { kind: 'cannot-onboard'; reason: string; tier: string | null }

/** How every "cannot be onboarded" reason starts, so agtray can tell its own block from the user's. */
export const CANNOT_ONBOARD_PREFIX = 'Cannot be onboarded to Antigravity'

const ACT =
  'Sign in once at https://antigravity.google (or in the Antigravity app) with this account to accept its terms, then add it to agtray again (or enable it for the proxy).'

/**
 * Finds the account's Cloud Code project, onboarding it first when Google has none for it:
 * `onboardUser` with the default allowed tier, then the operation polled (bounded, with backoff
 * on the injected timers) until Google says it is done. Never invents a project. Throws on what
 * may pass (Google unreachable, onboarding still running) and on a refused client version.
 */
export function createProjectSetup(deps: { cloudCode: CloudCodeClient; timers: Timers }) {
  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      deps.timers.after(ms, resolve)
    })

  const cannot = (answer: LoadCodeAssistAnswer, why: string): ProjectSetup => {
    const ineligible = (answer.ineligibleTiers ?? [])
      .map((tier) => tier.reasonMessage?.trim())
      .filter(Boolean)
    const google = ineligible.length > 0 ? ` Google says: ${ineligible.join('; ')}.` : ''
    return {
      kind: 'cannot-onboard',
      reason: `${CANNOT_ONBOARD_PREFIX}: ${why}.${google} ${ACT}`,
      tier: subscriptionTierOf(answer),
    }
  }

  const finish = async (
    accessToken: string,
    first: CloudCodeOperation,
  ): Promise<CloudCodeOperation> => {
    let operation = first
    for (let poll = 0; operation.done !== true; poll++) {
      if (poll >= ONBOARDING_MAX_POLLS || !operation.name) {
        throw new CloudCodeError(
          `onboarding was still running after ${poll} checks; agtray tries again at the next request`,
          null,
        )
      }
      await wait(onboardingPollDelayMs(poll))
      operation = await deps.cloudCode.getOperation(accessToken, operation.name)
    }
    return operation
  }

  return {
    async ensureProject(accessToken: string): Promise<ProjectSetup> {
      const answer = await deps.cloudCode.loadCodeAssist(accessToken)
      const tier = subscriptionTierOf(answer)
      const existing = projectIdOf(answer.cloudaicompanionProject)
      if (existing) return { kind: 'ready', projectId: existing, tier, onboarded: false }
      const offered = defaultAllowedTier(answer)
      if (!offered?.id) return cannot(answer, 'Google offers it no tier to join')
      if (offered.userDefinedCloudaicompanionProject === true) {
        return cannot(
          answer,
          `its tier (${offered.name ?? offered.id}) needs a Google Cloud project of your own`,
        )
      }
      let operation: CloudCodeOperation
      try {
        operation = await finish(
          accessToken,
          await deps.cloudCode.onboardUser(accessToken, offered.id),
        )
      } catch (error) {
        // A 4xx is Google's refusal of this account; anything else may pass.
        const status = error instanceof CloudCodeError ? error.status : null
        if (status !== null && status >= 400 && status < 500 && status !== 401 && status !== 429) {
          return cannot(
            answer,
            `Google refused to onboard it (${error instanceof Error ? error.message : ''})`,
          )
        }
        throw error
      }
      if (operation.error) {
        return cannot(
          answer,
          `onboarding failed (${operation.error.message ?? `code ${operation.error.code ?? '?'}`})`,
        )
      }
      const projectId = projectIdOf(operation.response?.cloudaicompanionProject)
      if (!projectId) return cannot(answer, 'onboarding finished without a project')
      // Now in the tier it joined (a paid tier Google named still comes first).
      const joined = subscriptionTierOf({ paidTier: answer.paidTier, currentTier: offered })
      return { kind: 'ready', projectId, tier: joined, onboarded: true }
    },
  }
}

export type ProjectSetupService = ReturnType<typeof createProjectSetup>
