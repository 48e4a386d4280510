import { describe, expect, it } from 'vitest'
import type { AccountStanding } from '../../../src/core/pool/pool-summary'
import { countStatuses, describeNoAccount } from '../../../src/core/pool/pool-summary'

const disabled = (reason: string): AccountStanding => ({
  status: 'disabled',
  reason,
  cooldownUntil: null,
})
const proxyOff: AccountStanding = { status: 'proxy-disabled', reason: 'mine', cooldownUntil: null }

describe('describeNoAccount', () => {
  it('says how many accounts are out and why', () => {
    const message = describeNoAccount(
      [disabled('invalid_grant: revoked'), disabled('invalid_grant: expired'), proxyOff],
      0,
      null,
    )
    expect(message).toBe('no enabled accounts: 2 disabled (invalid_grant), 1 proxy-disabled')
  })

  it('says when the next resting account comes back', () => {
    const message = describeNoAccount(
      [{ status: 'cooldown', reason: 'x', cooldownUntil: 25_000 }],
      0,
      null,
    )
    expect(message).toBe('no enabled accounts: 1 resting after a failure (next back in 25s)')
  })

  it('tells how to add an account when there is none', () => {
    expect(describeNoAccount([], 0, null)).toMatch(/^no accounts: add one/)
  })

  it('names the last error when every candidate failed during this request', () => {
    const message = describeNoAccount(
      [disabled('invalid_grant: revoked')],
      0,
      'token refresh failed: invalid_grant',
    )
    expect(message).toBe(
      'no account could serve this request (last error: token refresh failed: invalid_grant); 1 disabled (invalid_grant)',
    )
  })
})

describe('countStatuses', () => {
  it('counts each status', () => {
    expect(countStatuses([disabled('x').status, proxyOff.status, 'in-pool'])).toEqual({
      in_pool: 1,
      disabled: 1,
      proxy_disabled: 1,
      quota_protected: 0,
      cooldown: 0,
      unreadable: 0,
    })
  })
})
