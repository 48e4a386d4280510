import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { withSubscriptionTier } from '../../../src/core/accounts/account-rules'
import type { AccountFile } from '../../../src/core/accounts/account-schema'
import type { LoadCodeAssistAnswer } from '../../../src/core/google/code-assist-tier'
import {
  defaultAllowedTier,
  projectIdOf,
  subscriptionTierOf,
} from '../../../src/core/google/code-assist-tier'

const fixture = (name: string): LoadCodeAssistAnswer =>
  JSON.parse(
    readFileSync(path.join(__dirname, '../../fixtures', name), 'utf8'),
  ) as LoadCodeAssistAnswer

describe('the subscription tier of a loadCodeAssist answer (reference §3.7)', () => {
  it('is the paid tier of an onboarded Antigravity account (real answer)', () => {
    const answer = fixture('loadCodeAssist.response.json')
    expect(subscriptionTierOf(answer)).toBe('Google AI Pro')
    expect(projectIdOf(answer.cloudaicompanionProject)).toBe('example-project-12345')
  })

  it('is the current tier when Google names no paid one (real Code Assist free-tier answer)', () => {
    const answer = fixture('loadCodeAssist-code-assist-individuals.response.json')
    expect(subscriptionTierOf(answer)).toBe('Gemini Code Assist for individuals')
    expect(projectIdOf(answer.cloudaicompanionProject)).toBeNull()
  })

  it('is the default allowed tier marked "(Restricted)" when a tier is out of reach', () => {
    const { paidTier: _paid, ...answer } = fixture('loadCodeAssist.response.json')
    const restricted = {
      ...answer,
      currentTier: undefined,
      ineligibleTiers: [{ reasonCode: 'INELIGIBLE_ACCOUNT', reasonMessage: 'not eligible' }],
    }
    expect(subscriptionTierOf(restricted)).toBe('Antigravity (Restricted)')
  })

  it('onboards with the allowed tier Google marks isDefault (real answer: free-tier)', () => {
    expect(defaultAllowedTier(fixture('loadCodeAssist.response.json'))?.id).toBe('free-tier')
  })

  it('accepts the project as a string or as {id, name}, never a blank one', () => {
    expect(projectIdOf({ id: 'proj-1', name: 'proj-1' })).toBe('proj-1')
    expect(projectIdOf('')).toBeNull()
    expect(projectIdOf(undefined)).toBeNull()
  })
})

describe('recording the tier in the account file', () => {
  const account = (quota: AccountFile['quota']): AccountFile => ({
    id: 'a',
    email: 'a@example.com',
    token: { access_token: 'x', refresh_token: '1//r' },
    quota,
  })

  it('writes quota.subscription_tier and keeps every other quota field', () => {
    const models = [{ name: 'gemini-3-flash', percentage: 80, reset_time: '' }]
    const next = withSubscriptionTier(
      account({ models, last_updated: 17, is_forbidden: false, model_forwarding_rules: {} }),
      'Google AI Pro',
    )
    expect(next.quota).toEqual({
      models,
      last_updated: 17,
      is_forbidden: false,
      model_forwarding_rules: {},
      subscription_tier: 'Google AI Pro',
    })
  })

  it('creates the quota object of an account that has none yet', () => {
    expect(withSubscriptionTier(account(null), 'Antigravity').quota).toEqual({
      subscription_tier: 'Antigravity',
    })
  })

  it('keeps the stored tier when Google names none (as the reference does)', () => {
    const stored = account({ subscription_tier: 'Google AI Ultra' })
    expect(withSubscriptionTier(stored, null)).toBe(stored)
  })
})
