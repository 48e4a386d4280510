import { describe, expect, it } from 'vitest'
import {
  applyRefreshedToken,
  applyTokenUpsert,
  buildToken,
  markDisabled,
  newAccountFile,
  setProxyDisabled,
} from '../../../src/core/accounts/account-rules'
import type { AccountFile } from '../../../src/core/accounts/account-schema'

const NOW = 1_800_000_000

function account(overrides: Partial<AccountFile> = {}): AccountFile {
  const base = newAccountFile({
    id: 'acc-1',
    email: 'ana@example.com',
    name: 'Ana',
    token: buildToken(
      { access_token: 'ya29.old', refresh_token: '1//old', expires_in: 3599, project_id: 'p-1' },
      'ana@example.com',
      NOW - 5000,
    ),
    nowSeconds: NOW - 5000,
  })
  return { ...base, ...overrides }
}

const disabledAccount = (): AccountFile =>
  markDisabled(account(), 'invalid_grant: Token has been expired or revoked.', NOW - 100)

const newToken = (refresh: string, access: string) =>
  buildToken(
    { access_token: access, refresh_token: refresh, expires_in: 3599 },
    'ana@example.com',
    NOW,
  )

describe('applyTokenUpsert', () => {
  it('clears the three disabled fields when the refresh token changed', () => {
    const { account: next, reenabled } = applyTokenUpsert(
      disabledAccount(),
      newToken('1//new', 'ya29.new'),
      'Ana',
      NOW,
    )
    expect(reenabled).toBe(true)
    expect(next.disabled).toBe(false)
    expect(next).not.toHaveProperty('disabled_reason')
    expect(next).not.toHaveProperty('disabled_at')
    expect(next.token.refresh_token).toBe('1//new')
  })

  it('clears them when only the access token changed', () => {
    const { account: next, reenabled } = applyTokenUpsert(
      disabledAccount(),
      newToken('1//old', 'ya29.other'),
      null,
      NOW,
    )
    expect(reenabled).toBe(true)
    expect(next.disabled).toBe(false)
  })

  it('keeps the account disabled when both tokens are the same', () => {
    const { account: next, reenabled } = applyTokenUpsert(
      disabledAccount(),
      newToken('1//old', 'ya29.old'),
      null,
      NOW,
    )
    expect(reenabled).toBe(false)
    expect(next.disabled).toBe(true)
    expect(next.disabled_reason).toBe('invalid_grant: Token has been expired or revoked.')
    expect(next.disabled_at).toBe(NOW - 100)
  })

  it('never touches proxy_disabled or its reason', () => {
    const proxyOff = setProxyDisabled(disabledAccount(), true, 'kept for the IDE', NOW - 50)
    const { account: next } = applyTokenUpsert(proxyOff, newToken('1//new', 'ya29.new'), null, NOW)
    expect(next.proxy_disabled).toBe(true)
    expect(next.proxy_disabled_reason).toBe('kept for the IDE')
    expect(next.proxy_disabled_at).toBe(NOW - 50)
  })

  it('does not report a re-enable for an account that was not disabled', () => {
    const { reenabled, account: next } = applyTokenUpsert(
      account(),
      newToken('1//new', 'ya29.new'),
      null,
      NOW,
    )
    expect(reenabled).toBe(false)
    expect(next.disabled).toBe(false)
  })

  it('keeps unknown keys, the project id and the name when none is given', () => {
    const withExtras = {
      ...account(),
      custom_label: 'work',
      device_profile: { machine_id: 'm' },
    } as AccountFile
    const { account: next } = applyTokenUpsert(
      withExtras,
      newToken('1//new', 'ya29.new'),
      null,
      NOW,
    )
    expect(next.custom_label).toBe('work')
    expect(next.device_profile).toEqual({ machine_id: 'm' })
    expect(next.token.project_id).toBe('p-1')
    expect(next.name).toBe('Ana')
    expect(next.last_used).toBe(NOW)
  })
})

describe('markDisabled', () => {
  it('writes disabled, disabled_at and a reason cut to 800 bytes', () => {
    const next = markDisabled(account(), `invalid_grant: ${'é'.repeat(900)}`, NOW)
    expect(next.disabled).toBe(true)
    expect(next.disabled_at).toBe(NOW)
    expect(Buffer.byteLength(next.disabled_reason ?? '')).toBeLessThanOrEqual(800)
    expect(next.proxy_disabled).toBe(false)
  })
})

describe('setProxyDisabled', () => {
  it('sets the three proxy fields with a default reason, and removes them on enable', () => {
    const off = setProxyDisabled(account(), true, undefined, NOW)
    expect(off).toMatchObject({
      proxy_disabled: true,
      proxy_disabled_reason: 'Disabled by the user',
      proxy_disabled_at: NOW,
    })
    const on = setProxyDisabled(off, false, null, NOW + 1)
    expect(on.proxy_disabled).toBe(false)
    expect(on).not.toHaveProperty('proxy_disabled_reason')
    expect(on).not.toHaveProperty('proxy_disabled_at')
  })

  it('does not clear disabled', () => {
    const on = setProxyDisabled(disabledAccount(), false, null, NOW)
    expect(on.disabled).toBe(true)
  })
})

describe('applyRefreshedToken', () => {
  it('updates access_token, expires_in and expiry_timestamp only', () => {
    const next = applyRefreshedToken(
      account(),
      { access_token: 'ya29.fresh', expires_in: 3599 },
      NOW,
    )
    expect(next.token).toMatchObject({
      access_token: 'ya29.fresh',
      refresh_token: '1//old',
      expires_in: 3599,
      expiry_timestamp: NOW + 3599,
      project_id: 'p-1',
    })
  })
})
