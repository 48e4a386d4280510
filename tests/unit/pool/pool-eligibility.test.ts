import { describe, expect, it } from 'vitest'
import {
  buildToken,
  markDisabled,
  newAccountFile,
  setProxyDisabled,
} from '../../../src/core/accounts/account-rules'
import type { AccountFile } from '../../../src/core/accounts/account-schema'
import { poolSkipDecision } from '../../../src/core/pool/pool-eligibility'
import { standardModelId } from '../../../src/core/pool/quota-groups'

const base = (): AccountFile =>
  newAccountFile({
    id: 'a',
    email: 'a@x.com',
    name: null,
    token: buildToken({ access_token: 'a', refresh_token: '1//a', expires_in: 1 }, 'a@x.com', 0),
    nowSeconds: 0,
  })

const withQuota = (
  account: AccountFile,
  models: { name: string; percentage: number }[],
): AccountFile => ({
  ...account,
  quota: { models, last_updated: 1 },
})

describe('poolSkipDecision', () => {
  it('lets a plain account in, including one whose quota was never fetched', () => {
    expect(poolSkipDecision(base())).toBeNull()
  })

  it('judges disabled before proxy_disabled', () => {
    const everything = setProxyDisabled(
      markDisabled(base(), 'invalid_grant: revoked', 1),
      true,
      'mine',
      1,
    )
    expect(poolSkipDecision(everything)).toEqual({
      kind: 'disabled',
      reason: 'invalid_grant: revoked',
    })
  })

  it('reports proxy_disabled with its reason', () => {
    expect(poolSkipDecision(setProxyDisabled(base(), true, 'for the IDE only', 1))).toEqual({
      kind: 'proxy-disabled',
      reason: 'for the IDE only',
    })
  })

  it('never leaves a whole account out for quota: every family under the threshold still serves others', () => {
    const allLow = withQuota(base(), [
      { name: 'claude-sonnet-4-6', percentage: 5 },
      { name: 'gemini-3-flash', percentage: 9 },
    ])
    expect(poolSkipDecision(allLow)).toBeNull()
  })

  it("lets in a legacy account the reference's quota protection proxy-disabled (it is migrated)", () => {
    const legacy = setProxyDisabled(
      withQuota(base(), [{ name: 'claude-opus-4-6-thinking', percentage: 3 }]),
      true,
      'quota_protection',
      1,
    )
    expect(poolSkipDecision(legacy)).toBeNull()
  })
})

describe('standardModelId', () => {
  it('groups models the way the reference does', () => {
    expect(standardModelId('claude-opus-4-6-thinking')).toBe('claude')
    expect(standardModelId('gemini-3.1-flash-image')).toBe('gemini-3.1-flash-image')
    expect(standardModelId('gemini-3-pro-image')).toBe('gemini-3-pro-image')
    expect(standardModelId('gemini-2.5-flash')).toBe('gemini-3-flash')
    expect(standardModelId('gemini-3.1-pro-low')).toBe('gemini-3-pro-high')
    expect(standardModelId('gpt-oss-120b-medium')).toBeNull()
  })
})
