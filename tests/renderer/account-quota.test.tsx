// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { AccountDto, QuotaDto } from '../../src/shared/account-dto'
import { RendererApiError } from '../../src/shared/ipc-contract'
import { formatDateTime } from '../../src/renderer/src/format/format-time'
import { createFakeApi } from './helpers/fake-api'
import { listOf, makeAccount } from './helpers/fixtures'
import { findAccountRow, renderApp } from './helpers/render-app'

const RESET = '2026-12-01T15:00:00Z'

const quota = (overrides: Partial<QuotaDto> = {}): QuotaDto => ({
  models: [
    { name: 'claude-opus-4-6-thinking', percentage: 0, reset_time: RESET },
    { name: 'claude-sonnet-4-6', percentage: 64, reset_time: RESET },
    { name: 'gemini-3-flash', percentage: 12, reset_time: null },
  ],
  subscription_tier: 'Google AI Ultra',
  last_updated: 1795846000,
  is_forbidden: false,
  forbidden_reason: null,
  ...overrides,
})

const families = (row: HTMLElement): string[] =>
  within(within(row).getByRole('list', { name: 'Quota per family' }))
    .getAllByRole('listitem')
    .map((item) => item.textContent ?? '')

describe('the quota of an account row', () => {
  it('shows the tier and, per model family, a bar with what is left and when it resets', async () => {
    const ana = makeAccount({ id: 'a1', email: 'ana@example.com', quota: quota() })
    renderApp(createFakeApi({ 'accounts:list': () => listOf(ana) }).api)
    const row = await findAccountRow('ana@example.com')
    expect(within(row).getByText('Google AI Ultra')).toBeTruthy()
    // The family's best model decides: Claude has 64 % left (Opus at 0 does not drag it down).
    expect(families(row)).toEqual([
      `Claude64%resets ${formatDateTime(Date.parse(RESET))}`,
      'Gemini Flash12%',
    ])
    const bar = within(row).getByRole('meter', { name: 'Claude quota' })
    expect(bar.getAttribute('value')).toBe('64')
  })

  it('says when Google forbids the account', async () => {
    const bob = makeAccount({
      id: 'b1',
      email: 'bob@example.com',
      in_pool: false,
      pool_status: 'proxy-disabled',
      quota: quota({ models: [], is_forbidden: true, forbidden_reason: 'Verify your account' }),
    })
    renderApp(createFakeApi({ 'accounts:list': () => listOf(bob) }).api)
    const row = await findAccountRow('bob@example.com')
    expect(row.textContent).toContain(
      'Forbidden by Google (403): Verify your account. Out of the pool until a quota check passes.',
    )
  })
})

describe('refreshing quota from the accounts page', () => {
  it('refreshes one account with its button and shows the new quota', async () => {
    const ana = makeAccount({ id: 'a1', email: 'ana@example.com', quota: null })
    let answer!: (account: AccountDto) => void
    const fake = createFakeApi({
      'accounts:list': () => listOf(ana),
      'accounts:refresh-quota': () => new Promise<AccountDto>((resolve) => (answer = resolve)),
    })
    renderApp(fake.api)
    const row = await findAccountRow('ana@example.com')
    expect(within(row).queryByRole('list', { name: 'Quota per family' })).toBeNull()
    fireEvent.click(within(row).getByRole('button', { name: 'Refresh quota of ana@example.com' }))
    await waitFor(() => expect(within(row).getByText('Refreshing…')).toBeTruthy())
    expect(fake.callsTo('accounts:refresh-quota')).toEqual([['a1']])
    answer({ ...ana, quota: quota() })
    await waitFor(() => expect(families(row)[0]).toMatch(/^Claude64%/))
    expect(within(row).getByText('Refresh quota')).toBeTruthy()
  })

  it('refreshes all accounts and shows the accounts that failed', async () => {
    const ana = makeAccount({ id: 'a1', email: 'ana@example.com', quota: null })
    const bob = makeAccount({ id: 'b1', email: 'bob@example.com', quota: null })
    const fake = createFakeApi({
      'accounts:list': () => listOf(ana, bob),
      'accounts:refresh-all-quotas': async () => ({
        total: 2,
        refreshed: 1,
        failed: 1,
        results: [
          {
            account_id: 'a1',
            email: 'ana@example.com',
            outcome: 'refreshed' as const,
            error: null,
            account: { ...ana, quota: quota() },
          },
          {
            account_id: 'b1',
            email: 'bob@example.com',
            outcome: 'failed' as const,
            error: 'Google answered 503: unavailable',
            account: bob,
          },
        ],
      }),
    })
    renderApp(fake.api)
    await findAccountRow('ana@example.com')
    fireEvent.click(screen.getByRole('button', { name: 'Refresh all quotas' }))
    expect(fake.callsTo('accounts:refresh-all-quotas')).toEqual([[]])
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('bob@example.com: Google answered 503: unavailable')
    expect(families(await findAccountRow('ana@example.com'))[0]).toMatch(/^Claude64%/)
  })

  it('shows the error of a single refresh that Google refused', async () => {
    const ana = makeAccount({ id: 'a1', email: 'ana@example.com' })
    const fake = createFakeApi({
      'accounts:list': () => listOf(ana),
      'accounts:refresh-quota': async () => {
        throw new RendererApiError('google_refused', 'ana@example.com is disabled; re-authorize it')
      },
    })
    renderApp(fake.api)
    const row = await findAccountRow('ana@example.com')
    fireEvent.click(within(row).getByRole('button', { name: 'Refresh quota of ana@example.com' }))
    expect((await screen.findByRole('alert')).textContent).toContain(
      'ana@example.com is disabled; re-authorize it',
    )
  })
})
