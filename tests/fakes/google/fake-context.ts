import type { AuthorizationCodes } from './authorization-codes'
import type { Exchange } from './http-exchange'
import type { IdentityStore } from './identity-store'
import type { OnboardingStates } from './onboarding-routes'
import type { ModelQuotas } from './model-quotas'
import type { RefreshFaults } from './refresh-faults'
import type { StreamHolds } from './stream-holds'
import type { ConsentMode, GenerateHandler } from './types'
import type { WireFixtures } from './wire-fixtures'

/** Everything one fake Google instance knows; handed to every route. */
export interface FakeContext {
  readonly clientId: string
  readonly clientSecret: string
  readonly identities: IdentityStore
  readonly codes: AuthorizationCodes
  readonly faults: RefreshFaults
  readonly holds: StreamHolds
  readonly fixtures: WireFixtures
  /** Users not yet onboarded to Antigravity (see OnboardingScript). */
  readonly onboarding: OnboardingStates
  readonly quotas: ModelQuotas
  readonly settings: {
    /** Cloud Code refuses Antigravity versions below this one; null: any client passes. */
    minimumClientVersion: string | null
    consentMode: ConsentMode
    refreshDelayMs: number
    generateHandler: GenerateHandler | null
    /** Emails whose generate calls answer the verification 403 (see requireValidation). */
    validationRequired: Set<string>
  }
}

export type RouteHandler = (ex: Exchange, ctx: FakeContext) => Promise<void>
