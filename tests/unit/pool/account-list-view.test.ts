import { describe, expect, it } from 'vitest'
import {
  buildToken,
  newAccountFile,
  setProxyDisabled,
} from '../../../src/core/accounts/account-rules'
import type { Cooldown } from '../../../src/core/pool/account-list-view'
import { createAccountListView } from '../../../src/core/pool/account-list-view'
import { createPoolRoster } from '../../../src/core/pool/pool-roster'

const account = (id: string) =>
  newAccountFile({
    id,
    email: `${id}@x.com`,
    name: null,
    token: buildToken({ access_token: 'a', refresh_token: `1//${id}`, expires_in: 10 }, id, 0),
    nowSeconds: 1,
  })

function setup() {
  let now = 1_000_000
  const clock = { now: () => now }
  const roster = createPoolRoster()
  for (const id of ['ana', 'bob', 'cid']) roster.putAccount(account(id), null)
  const cooldowns = new Map<string, Cooldown>()
  const view = createAccountListView({
    roster,
    clock,
    cooldownOf: (id, at) => {
      const cooldown = cooldowns.get(id)
      return cooldown && cooldown.until > at ? cooldown : undefined
    },
  })
  const rest = (id: string, ms: number) => {
    cooldowns.set(id, { until: now + ms, reason: 'Google answered 403' })
    view.cooldownsChanged()
  }
  return { roster, view, rest, advance: (ms: number) => (now += ms) }
}

const statuses = (view: ReturnType<typeof setup>['view']) =>
  view.list().accounts.map((dto) => [dto.id, dto.pool_status, dto.cooldown_until])

describe('the account list', () => {
  it('shows a cooldown until it ends, then the account in the pool again, with nothing else changing', () => {
    const { view, rest, advance } = setup()
    rest('bob', 30_000)
    expect(statuses(view)).toEqual([
      ['ana', 'in-pool', null],
      ['bob', 'cooldown', 1_030_000],
      ['cid', 'in-pool', null],
    ])
    expect(view.counts()).toMatchObject({ in_pool: 2, cooldown: 1 })
    advance(29_999)
    expect(view.list().accounts[1]?.pool_status).toBe('cooldown')
    advance(1)
    expect(statuses(view)[1]).toEqual(['bob', 'in-pool', null])
    expect(view.counts()).toMatchObject({ in_pool: 3, cooldown: 0 })
    expect(view.dto('bob')).toMatchObject({ pool_status: 'in-pool', in_pool: true })
  })

  it('hands out the same list until something changes, then rebuilds only what changed', () => {
    const { roster, view, advance } = setup()
    const first = view.list()
    advance(60_000)
    expect(view.list()).toBe(first)
    const [ana, bob] = first.accounts
    roster.putAccount(setProxyDisabled(roster.get('bob')!, true, 'mine', 5), {
      kind: 'proxy-disabled',
      reason: 'mine',
    })
    const second = view.list()
    expect(second).not.toBe(first)
    expect(second.accounts[0]).toBe(ana)
    expect(second.accounts[1]).not.toBe(bob)
    expect(second.accounts[1]).toMatchObject({ pool_status: 'proxy-disabled', in_pool: false })
    expect(view.counts()).toMatchObject({ in_pool: 2, proxy_disabled: 1 })
  })

  it('shows a runtime disable with its reason while the file still says enabled', () => {
    const { roster, view } = setup()
    roster.setSkip('cid', { kind: 'disabled', reason: 'invalid_grant: revoked' })
    expect(view.dto('cid')).toMatchObject({
      disabled: true,
      disabled_reason: 'invalid_grant: revoked',
      pool_status: 'disabled',
    })
  })
})
