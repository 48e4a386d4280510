import type { ReactNode } from 'react'
import type { QuotaDto } from '../../../shared/account-dto'
import { familyQuotas } from '../../../shared/quota-families'
import { formatDateTime } from '../format/format-time'

/** How many models a row shows; the details keep the row short. */
const SHOWN = 4

const level = (percentage: number): string =>
  percentage >= 50 ? 'quota-high' : percentage >= 20 ? 'quota-mid' : 'quota-low'

const resetLabel = (resetTime: string | null): string | null => {
  const at = resetTime ? Date.parse(resetTime) : Number.NaN
  return Number.isNaN(at) ? null : `resets ${formatDateTime(at)}`
}

/**
 * The quota stored with the account (from its last fetch): what is left per model family, with a
 * bar and when it resets, then per model; or that Google forbids the account.
 */
export function AccountQuota(props: { quota: QuotaDto | null }): ReactNode {
  const { quota } = props
  if (!quota) return null
  const models = [...quota.models].sort((a, b) => a.name.localeCompare(b.name))
  const families = familyQuotas(quota.models)
  return (
    <div className="account-quota">
      {quota.subscription_tier && <span className="quota-tier">{quota.subscription_tier}</span>}
      {quota.is_forbidden && (
        <p className="row-hint quota-forbidden">
          Forbidden by Google (403){quota.forbidden_reason ? `: ${quota.forbidden_reason}` : ''}.
          Out of the pool until a quota check passes.
        </p>
      )}
      {families.length > 0 && (
        <ul aria-label="Quota per family" className="quota-families">
          {families.map((family) => (
            <QuotaBar
              key={family.family}
              name={family.family}
              percentage={family.percentage}
              reset={resetLabel(family.reset_time)}
            />
          ))}
        </ul>
      )}
      {models.length > 0 && (
        <ul aria-label="Quota left">
          {models.slice(0, SHOWN).map((model) => (
            <QuotaBar key={model.name} name={model.name} percentage={model.percentage} />
          ))}
        </ul>
      )}
      {models.length > SHOWN && <span className="help">and {models.length - SHOWN} more</span>}
    </div>
  )
}

/** One line of quota: what is left of `name`, as a bar and a number, and when it resets. */
function QuotaBar(props: { name: string; percentage: number; reset?: string | null }): ReactNode {
  return (
    <li className={level(props.percentage)}>
      <span className="quota-model">{props.name}</span>
      <meter
        min={0}
        max={100}
        low={20}
        high={50}
        optimum={100}
        value={props.percentage}
        aria-label={`${props.name} quota`}
      />
      <span className="quota-value">{props.percentage}%</span>
      {props.reset && <span className="quota-reset">{props.reset}</span>}
    </li>
  )
}
