import type { ReactNode } from 'react'
import type { QuotaDto } from '../../../shared/account-dto'

/** How many models a row shows; the details keep the row short. */
const SHOWN = 4

const level = (percentage: number): string =>
  percentage >= 50 ? 'quota-high' : percentage >= 20 ? 'quota-mid' : 'quota-low'

/** The quota stored with the account (from its last fetch): what is left per model. */
export function AccountQuota(props: { quota: QuotaDto | null }): ReactNode {
  const { quota } = props
  if (!quota) return null
  const models = [...quota.models].sort((a, b) => a.name.localeCompare(b.name))
  return (
    <div className="account-quota">
      {quota.subscription_tier && <span className="quota-tier">{quota.subscription_tier}</span>}
      <ul aria-label="Quota left">
        {models.slice(0, SHOWN).map((model) => (
          <li key={model.name} className={level(model.percentage)}>
            <span className="quota-model">{model.name}</span>
            <meter
              min={0}
              max={100}
              low={20}
              high={50}
              optimum={100}
              value={model.percentage}
              aria-label={`${model.name} quota`}
            />
            <span className="quota-value">{model.percentage}%</span>
          </li>
        ))}
      </ul>
      {models.length > SHOWN && <span className="help">and {models.length - SHOWN} more</span>}
    </div>
  )
}
