import { describe, expect, it } from 'vitest'
import { buildToken, newAccountFile } from '../../../src/core/accounts/account-rules'
import { createPoolRoster } from '../../../src/core/pool/pool-roster'

const account = (id: string) =>
  newAccountFile({
    id,
    email: `${id}@x.com`,
    name: null,
    token: buildToken({ access_token: 'a', refresh_token: `1//${id}`, expires_in: 10 }, id, 0),
    nowSeconds: 1,
  })
const ids = (accounts: readonly { id: string }[]) => accounts.map((item) => item.id)

describe('the pool roster', () => {
  it('keeps the index order, appends new accounts, and walks only those not skipped', () => {
    const roster = createPoolRoster()
    for (const id of ['a', 'b', 'c']) roster.putAccount(account(id), null)
    roster.setOrder(['c', 'a'])
    expect(ids(roster.accounts())).toEqual(['c', 'a', 'b'])
    roster.putAccount(account('d'), null)
    roster.setSkip('a', { kind: 'proxy-disabled', reason: 'mine' })
    expect(ids(roster.accounts())).toEqual(['c', 'a', 'b', 'd'])
    expect(ids(roster.eligible())).toEqual(['c', 'b', 'd'])
  })

  it('builds its arrays once per change, and moves an account between readable and not', () => {
    const roster = createPoolRoster()
    for (const id of ['a', 'b']) roster.putAccount(account(id), null)
    const eligible = roster.eligible()
    expect(roster.eligible()).toBe(eligible)
    const version = roster.version
    roster.putUnreadable({ id: 'a', file: '/x/a.json', error: 'not valid JSON' })
    expect(roster.version).toBeGreaterThan(version)
    expect(ids(roster.eligible())).toEqual(['b'])
    expect(roster.unreadable()).toEqual([{ id: 'a', file: '/x/a.json', error: 'not valid JSON' }])
    roster.putAccount(account('a'), null)
    expect(ids(roster.accounts())).toEqual(['a', 'b'])
    expect(roster.unreadable()).toEqual([])
    roster.remove('a')
    roster.putAccount(account('a'), null)
    expect(ids(roster.accounts())).toEqual(['b', 'a'])
  })

  it('says when the eligible accounts or their order may have changed, and not for a new token', () => {
    const roster = createPoolRoster()
    for (const id of ['a', 'b']) roster.putAccount(account(id), null)
    let seen = roster.eligibleVersion
    const moved = () => {
      const changed = roster.eligibleVersion !== seen
      seen = roster.eligibleVersion
      return changed
    }
    roster.putAccount(
      { ...account('a'), token: { ...account('a').token, access_token: 'b' } },
      null,
    )
    roster.setOrder(['a', 'b'])
    expect(moved()).toBe(false)
    roster.setOrder(['b', 'a'])
    expect(moved()).toBe(true)
    roster.setSkip('a', { kind: 'proxy-disabled', reason: 'mine' })
    expect(moved()).toBe(true)
    roster.putAccount(account('a'), null)
    expect(moved()).toBe(true)
    roster.putAccount(account('c'), null)
    expect(moved()).toBe(true)
    roster.remove('c')
    expect(moved()).toBe(true)
  })
})
