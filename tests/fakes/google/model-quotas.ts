import { rpcError } from './google-errors'
import { knownModels } from './known-models'
import type { RpcErrorBody } from './google-errors'
import type { ModelQuotaState } from './types'

interface Entry extends ModelQuotaState {
  costPerRequest: number
}

/**
 * Per-account, per-model quota: what `fetchAvailableModels` reports and what generate requests
 * spend. Unlimited (and unreported beyond the captured catalog) until a test sets one, so the
 * fake's default behaviour stays as it was.
 */
export interface ModelQuotas {
  set(
    email: string,
    model: string,
    quota: { remainingFraction: number; resetTime?: string; costPerRequest?: number },
  ): void
  get(email: string, model: string): ModelQuotaState | undefined
  of(email: string): ReadonlyMap<string, ModelQuotaState>
  /** The 429 a request meets when its model's quota is used up; null when it may run. */
  refusal(email: string, model: string): RpcErrorBody | null
  /** One request was served: its cost is taken off what is left. */
  spend(email: string, model: string): void
  /** fetchAvailableModels answers 403 for this account until cleared with null. */
  setForbidden(email: string, message: string | null): void
  forbidden(email: string): string | undefined
  /** fetchAvailableModels answers this status (5xx) for this account until cleared with null. */
  setFailure(email: string, status: number | null): void
  failure(email: string): number | undefined
}

/** When the full quota of a model nobody set "resets": a fixed time, so answers compare equal. */
export const FULL_QUOTA_RESET_TIME = '2099-01-01T00:00:00Z'

export function createModelQuotas(): ModelQuotas {
  const quotas = new Map<string, Map<string, Entry>>()
  const forbidden = new Map<string, string>()
  const failures = new Map<string, number>()
  const entry = (email: string, model: string) => quotas.get(email)?.get(model)

  return {
    set(email, model, quota) {
      const models = quotas.get(email) ?? new Map<string, Entry>()
      quotas.set(email, models)
      models.set(model, {
        remainingFraction: Math.max(0, Math.min(1, quota.remainingFraction)),
        resetTime: quota.resetTime ?? new Date(Date.now() + 5 * 3600_000).toISOString(),
        costPerRequest: quota.costPerRequest ?? models.get(model)?.costPerRequest ?? 0,
      })
    },
    get(email, model) {
      const found = entry(email, model)
      return found
        ? { remainingFraction: found.remainingFraction, resetTime: found.resetTime }
        : undefined
    },
    of: (email) => quotas.get(email) ?? new Map(),
    refusal(email, model) {
      const found = entry(email, model)
      if (!found || found.remainingFraction > 0) return null
      return rpcError(
        429,
        'RESOURCE_EXHAUSTED',
        `Individual quota reached. Resets at ${found.resetTime}.`,
        [
          {
            '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'QUOTA_EXHAUSTED',
            domain: 'cloudcode-pa.googleapis.com',
            metadata: { model, quotaResetTimeStamp: found.resetTime },
          },
        ],
      )
    },
    spend(email, model) {
      const found = entry(email, model)
      if (found)
        found.remainingFraction = Math.max(0, found.remainingFraction - found.costPerRequest)
    },
    setForbidden(email, message) {
      if (message === null) forbidden.delete(email)
      else forbidden.set(email, message)
    },
    forbidden: (email) => forbidden.get(email),
    setFailure(email, status) {
      if (status === null) failures.delete(email)
      else failures.set(email, status)
    },
    failure: (email) => failures.get(email),
  }
}

/**
 * The captured catalog with this account's quotas laid over it: a set model's `quotaInfo` is
 * replaced (or the model added), and a used-up one has no `remainingFraction`, as Google sends it.
 * The captured catalog is abridged (the real one lists every model Antigravity serves), so the
 * other models the fake serves are listed too, with a full quota: a client's model is never
 * re-routed only because the fake's catalog forgot it.
 */
export function availableModelsFor(
  catalog: Record<string, unknown>,
  quotas: ReadonlyMap<string, ModelQuotaState>,
): Record<string, unknown> {
  const models = { ...(catalog.models as Record<string, Record<string, unknown>>) }
  for (const model of knownModels) {
    models[model] ??= {
      displayName: model,
      quotaInfo: { remainingFraction: 1, resetTime: FULL_QUOTA_RESET_TIME },
    }
  }
  for (const [model, quota] of quotas) {
    models[model] = {
      ...(models[model] ?? { displayName: model }),
      quotaInfo: {
        ...(quota.remainingFraction > 0 ? { remainingFraction: quota.remainingFraction } : {}),
        resetTime: quota.resetTime,
      },
    }
  }
  return { ...catalog, models }
}
