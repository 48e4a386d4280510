import type { AccountActivityDto, AccountDto, PoolStatus, QuotaDto } from '../../shared/account-dto'
import { redactProxyUrl } from '../../shared/outbound-proxy-url'
import type { AccountFile } from './account-schema'

function quotaOf(account: AccountFile): QuotaDto | null {
  const quota = account.quota
  const models = quota?.models ?? []
  if (!quota || (!models.length && quota.is_forbidden !== true && !quota.subscription_tier))
    return null
  return {
    models: models.map((model) => ({
      name: model.name,
      percentage: Math.max(0, Math.min(100, Math.round(model.percentage))),
      reset_time: model.reset_time || null,
    })),
    subscription_tier: account.quota?.subscription_tier ?? null,
    last_updated: account.quota?.last_updated ?? null,
    is_forbidden: quota.is_forbidden === true,
    forbidden_reason: quota.forbidden_reason ?? null,
  }
}

function validationOf(
  account: AccountFile,
): Pick<
  AccountDto,
  'validation_blocked' | 'validation_blocked_reason' | 'validation_url' | 'validation_blocked_at'
> {
  if (account.validation_blocked !== true)
    return {
      validation_blocked: false,
      validation_blocked_reason: null,
      validation_url: null,
      validation_blocked_at: null,
    }
  // The link becomes clickable in the UI: a hand-edited file must not smuggle another scheme in.
  const url = account.validation_url ?? null
  return {
    validation_blocked: true,
    validation_blocked_reason: account.validation_blocked_reason ?? null,
    validation_url: url && /^https:\/\//i.test(url) ? url : null,
    validation_blocked_at: account.validation_blocked_at ?? null,
  }
}

/** The only way an account leaves the core: as a DTO without any token. */
/** An account nothing went to since agtray started (the pool adds the live numbers). */
const NO_ACTIVITY: AccountActivityDto = Object.freeze({
  requests: 0,
  errors: 0,
  last_used_at: null,
  resting_models: [],
}) as AccountActivityDto

export function toAccountDto(
  account: AccountFile,
  poolStatus: PoolStatus,
  cooldownUntil: number | null,
  disabledReasonOverride?: string,
): AccountDto {
  const disabledByRuntime = poolStatus === 'disabled' && account.disabled !== true
  return {
    id: account.id,
    email: account.email,
    name: account.name ?? null,
    disabled: account.disabled === true || disabledByRuntime,
    disabled_at: account.disabled_at ?? null,
    disabled_reason: disabledReasonOverride ?? account.disabled_reason ?? null,
    proxy_disabled: account.proxy_disabled === true,
    proxy_disabled_reason: account.proxy_disabled_reason ?? null,
    proxy_disabled_at: account.proxy_disabled_at ?? null,
    project_id: account.token.project_id || null,
    ...validationOf(account),
    outbound_proxy: account.proxy_url ? redactProxyUrl(account.proxy_url) : null,
    in_pool: poolStatus === 'in-pool',
    pool_status: poolStatus,
    cooldown_until: poolStatus === 'cooldown' ? cooldownUntil : null,
    created_at: account.created_at ?? null,
    last_used: account.last_used ?? null,
    quota: quotaOf(account),
    subscription_tier: account.quota?.subscription_tier || null,
    // Runtime facts the pool adds (account-list-view.ts); none for an account it does not hold.
    protected_models: [],
    session_bindings: 0,
    activity: NO_ACTIVITY,
  }
}
