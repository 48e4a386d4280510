// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { RendererApiError } from '../../src/shared/ipc-contract'
import { createFakeApi } from './helpers/fake-api'
import { changedEvent, listOf, makeAccount } from './helpers/fixtures'
import { findAccountList, findAccountRow, renderApp } from './helpers/render-app'

// Local times, so the expected texts hold in any time zone. Account files keep Unix seconds;
// cooldowns are in milliseconds.
const JAN_2_0304 = new Date(2025, 0, 2, 3, 4).getTime() / 1000
const MAR_5_1720 = new Date(2025, 2, 5, 17, 20).getTime() / 1000
const REVOKED = 'invalid_grant: Token has been expired or revoked.'

const disabledAccount = makeAccount({
  id: 'acc-dead',
  email: 'dead@example.com',
  name: null,
  disabled: true,
  disabled_at: JAN_2_0304,
  disabled_reason: REVOKED,
  in_pool: false,
  pool_status: 'disabled',
})

const badge = (row: HTMLElement, text: string): HTMLElement | undefined =>
  [...row.querySelectorAll<HTMLElement>('.badge, .marker')].find((el) => el.textContent === text)

const badgeTexts = (row: HTMLElement): string[] =>
  [...row.querySelectorAll<HTMLElement>('.badge, .marker')].map((el) => el.textContent ?? '')

describe('accounts page: badges', () => {
  it('shows a Disabled badge whose title gives the date and the reason, and the details panel', async () => {
    const fake = createFakeApi({ 'accounts:list': () => listOf(disabledAccount) })
    renderApp(fake.api)
    const row = await findAccountRow('dead@example.com')
    expect(badgeTexts(row)).toEqual(['Disabled'])
    expect(badge(row, 'Disabled')?.getAttribute('title')).toBe(
      `Disabled on 2025-01-02 03:04: ${REVOKED}`,
    )
    const details = row.querySelector('details')
    expect(details?.querySelector('summary')?.textContent).toBe('Details')
    expect(details?.textContent).toContain(`Why disabled${REVOKED} (since 2025-01-02 03:04)`)
    expect(details?.textContent).toContain('Projectbright-river-123')
  })

  it('shows what the account did since start and the models it rests for, in its details', async () => {
    const busy = makeAccount({
      activity: {
        requests: 12,
        errors: 1,
        last_used_at: MAR_5_1720,
        resting_models: [{ model: 'claude-sonnet-4-5', until: MAR_5_1720 + 3600 }],
      },
    })
    const fake = createFakeApi({ 'accounts:list': () => listOf(busy) })
    renderApp(fake.api)
    const details = (await findAccountRow('ada@example.com')).querySelector('details')
    expect(details?.textContent).toContain('Since agtray started12 requests, 1 error')
    expect(details?.textContent).toContain('Last used2025-03-05 17:20')
    expect(details?.textContent).toContain('Resting forclaude-sonnet-4-5 until 2025-03-05 18:20')
  })

  it('shows a Proxy disabled badge with its reason, and an account that is both', async () => {
    const proxyOff = makeAccount({
      id: 'acc-2',
      email: 'rest@example.com',
      proxy_disabled: true,
      proxy_disabled_reason: 'saving quota',
      proxy_disabled_at: MAR_5_1720,
      in_pool: false,
      pool_status: 'proxy-disabled',
    })
    const both = makeAccount({
      ...disabledAccount,
      id: 'acc-3',
      email: 'both@example.com',
      proxy_disabled: true,
      proxy_disabled_reason: null,
      proxy_disabled_at: null,
    })
    const fake = createFakeApi({ 'accounts:list': () => listOf(proxyOff, both) })
    renderApp(fake.api)

    const restRow = await findAccountRow('rest@example.com')
    expect(badgeTexts(restRow)).toEqual(['Proxy disabled'])
    expect(badge(restRow, 'Proxy disabled')?.getAttribute('title')).toBe(
      'Proxy disabled on 2025-03-05 17:20: saving quota',
    )
    const bothRow = screen.getByRole('listitem', { name: 'both@example.com' })
    expect(badgeTexts(bothRow)).toEqual(['Disabled', 'Proxy disabled'])
    expect(badge(bothRow, 'Proxy disabled')?.getAttribute('title')).toBe('Proxy disabled')
  })

  it('marks an account in the pool, and a resting one with the time it comes back', async () => {
    const resting = makeAccount({
      id: 'acc-2',
      email: 'tired@example.com',
      name: null,
      pool_status: 'cooldown',
      cooldown_until: MAR_5_1720 * 1000,
    })
    const fake = createFakeApi({ 'accounts:list': () => listOf(makeAccount(), resting) })
    renderApp(fake.api)
    expect(badgeTexts(await findAccountRow('ada@example.com'))).toEqual(['In pool'])
    expect(badgeTexts(screen.getByRole('listitem', { name: 'tired@example.com' }))).toEqual([
      'Resting until 17:20',
    ])
    expect(screen.getByText('Ada Lovelace')).toBeTruthy()
  })
})

describe('accounts page: verification', () => {
  it('shows a Verification needed badge and Google’s link, which opens outside the app', async () => {
    const url = 'https://accounts.google.com/signin/continue?sarp=1&plt=REDACTED'
    const blocked = makeAccount({
      id: 'acc-v',
      email: 'verify@example.com',
      validation_blocked: true,
      validation_blocked_reason: 'Verify your account to continue.',
      validation_url: url,
      validation_blocked_at: JAN_2_0304,
      in_pool: false,
      pool_status: 'cooldown',
      cooldown_until: MAR_5_1720 * 1000,
    })
    const fake = createFakeApi({ 'accounts:list': () => listOf(makeAccount(), blocked) })
    renderApp(fake.api)
    const row = await findAccountRow('verify@example.com')
    expect(badgeTexts(row)).toContain('Verification needed')
    expect(badge(row, 'Verification needed')?.getAttribute('title')).toBe(
      'Google asks to verify this account since 2025-01-02 03:04: Verify your account to continue.',
    )
    const link = within(row).getByRole('link', { name: 'Verify with Google' })
    expect(link.getAttribute('href')).toBe(url)
    // A new window: Electron's main process hands it to the system browser; a tab in a browser.
    expect(link.getAttribute('target')).toBe('_blank')
    expect(link.getAttribute('rel')).toContain('noopener')
    expect(row.textContent).toContain('Verify your account to continue.')
    // Other accounts show nothing of it.
    const other = screen.getByRole('listitem', { name: 'ada@example.com' })
    expect(badgeTexts(other)).toEqual(['In pool'])
    expect(within(other).queryByRole('link')).toBeNull()
  })
})

describe('accounts page: subscription tier', () => {
  it('shows the tier Google named as a small badge on the row, and none when unknown', async () => {
    const pro = makeAccount({ subscription_tier: 'Google AI Pro' })
    const unknown = makeAccount({ id: 'acc-2', email: 'new@example.com', name: null })
    const fake = createFakeApi({ 'accounts:list': () => listOf(pro, unknown) })
    renderApp(fake.api)
    const row = await findAccountRow('ada@example.com')
    expect(badgeTexts(row)).toEqual(['Google AI Pro', 'In pool'])
    expect(badge(row, 'Google AI Pro')?.title).toContain('Subscription tier')
    expect(badgeTexts(screen.getByRole('listitem', { name: 'new@example.com' }))).toEqual([
      'In pool',
    ])
  })
})

describe('accounts page: live updates', () => {
  it('names the model families quota protection keeps an account off, and its conversations', async () => {
    const protectedOne = makeAccount({
      id: 'acc-low',
      email: 'low@example.com',
      protected_models: ['claude', 'gemini-3-flash'],
      session_bindings: 3,
    })
    const plain = makeAccount({ id: 'acc-plain', email: 'plain@example.com' })
    const fake = createFakeApi({ 'accounts:list': () => listOf(protectedOne, plain) })
    renderApp(fake.api)
    const row = await findAccountRow('low@example.com')
    expect(badgeTexts(row)).toEqual([
      'In pool',
      'Not serving claude, gemini-3-flash',
      '3 conversations',
    ])
    expect(badge(row, 'Not serving claude, gemini-3-flash')?.getAttribute('title')).toContain(
      'under the threshold',
    )
    expect(badgeTexts(await findAccountRow('plain@example.com'))).toEqual(['In pool'])
  })

  it('drops the Disabled badge when accounts:changed says so, without asking for the list again', async () => {
    const fake = createFakeApi({ 'accounts:list': () => listOf(disabledAccount) })
    renderApp(fake.api)
    const row = await findAccountRow('dead@example.com')
    expect(badge(row, 'Disabled')).toBeDefined()
    expect(fake.callsTo('accounts:list')).toHaveLength(1)

    const revived = {
      ...disabledAccount,
      disabled: false,
      disabled_at: null,
      disabled_reason: null,
      in_pool: true,
      pool_status: 'in-pool' as const,
    }
    fake.emit('accounts:changed', changedEvent([revived]))

    const updated = screen.getByRole('listitem', { name: 'dead@example.com' })
    expect(badgeTexts(updated)).toEqual(['In pool'])
    expect(fake.callsTo('accounts:list')).toHaveLength(1)
  })

  it('adds, removes and lists unreadable files from the event alone', async () => {
    const fake = createFakeApi()
    renderApp(fake.api)
    expect(await screen.findByText('No accounts yet.')).toBeTruthy()
    expect(screen.getByText('Add account', { selector: 'strong' })).toBeTruthy()

    fake.emit('accounts:changed', {
      ...changedEvent([makeAccount()], 'added'),
      unreadable: [
        { id: 'broken', file: 'accounts/broken.json', error: 'Unexpected token } in JSON' },
      ],
    })
    expect(screen.getByRole('listitem', { name: 'ada@example.com' })).toBeTruthy()
    const unreadable = screen.getByRole('region', { name: 'Unreadable account files' })
    expect(within(unreadable).getByRole('listitem').textContent).toBe(
      'accounts/broken.json: Unexpected token } in JSON',
    )
    expect(screen.queryByText('No accounts yet.')).toBeNull()
  })
})

describe('accounts page: filters', () => {
  it('counts each filter and shows only the matching accounts', async () => {
    const accounts = [
      makeAccount({ id: 'a', email: 'a@example.com' }),
      makeAccount({ id: 'b', email: 'b@example.com' }),
      makeAccount({ ...disabledAccount, id: 'c', email: 'c@example.com' }),
      makeAccount({
        id: 'd',
        email: 'd@example.com',
        proxy_disabled: true,
        pool_status: 'proxy-disabled',
      }),
    ]
    const fake = createFakeApi({ 'accounts:list': () => listOf(...accounts) })
    renderApp(fake.api)
    const list = await findAccountList()
    const filters = screen.getByRole('group', { name: 'Show accounts' })
    const names = within(filters)
      .getAllByRole('button')
      .map((button) => button.textContent)
    expect(names).toEqual(['All (4)', 'Active (2)', 'Disabled (1)', 'Proxy-disabled (1)'])
    const emails = (): string[] =>
      within(list)
        .queryAllByRole('listitem')
        .map((row) => row.querySelector('.account-email')?.textContent ?? '')

    expect(emails()).toEqual(['a@example.com', 'b@example.com', 'c@example.com', 'd@example.com'])
    fireEvent.click(within(filters).getByRole('button', { name: 'Active (2)' }))
    expect(emails()).toEqual(['a@example.com', 'b@example.com'])
    expect(
      within(filters).getByRole('button', { name: 'Active (2)' }).getAttribute('aria-pressed'),
    ).toBe('true')
    fireEvent.click(within(filters).getByRole('button', { name: 'Disabled (1)' }))
    expect(emails()).toEqual(['c@example.com'])
    fireEvent.click(within(filters).getByRole('button', { name: 'Proxy-disabled (1)' }))
    expect(emails()).toEqual(['d@example.com'])

    // The counts follow the events too.
    fake.emit('accounts:changed', changedEvent(accounts.slice(0, 3), 'removed'))
    expect(within(filters).getByRole('button', { name: 'Proxy-disabled (0)' })).toBeTruthy()
    expect(screen.getByText('No account matches this filter.')).toBeTruthy()
  })
})

describe('accounts page: actions', () => {
  it('disables an account for the proxy with the reason typed in the dialog', async () => {
    const account = makeAccount()
    const fake = createFakeApi({
      'accounts:list': () => listOf(account),
      'accounts:set-proxy-disabled': (_id, disabled, reason) => ({
        ...account,
        proxy_disabled: disabled,
        proxy_disabled_reason: reason,
        pool_status: 'proxy-disabled',
        in_pool: false,
      }),
    })
    renderApp(fake.api)
    const row = await findAccountRow('ada@example.com')
    fireEvent.click(within(row).getByRole('button', { name: 'Disable for proxy' }))

    const dialog = screen.getByRole('dialog', { name: 'Disable ada@example.com for the proxy?' })
    expect(dialog.getAttribute('aria-modal')).toBe('true')
    const reason = within(dialog).getByLabelText('Reason (optional)')
    expect(document.activeElement).toBe(reason)
    fireEvent.change(reason, { target: { value: '  keep for my own use ' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Disable' }))

    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(fake.callsTo('accounts:set-proxy-disabled')).toEqual([
      ['acc-1', true, 'keep for my own use'],
    ])
    const updated = screen.getByRole('listitem', { name: 'ada@example.com' })
    expect(badgeTexts(updated)).toEqual(['Proxy disabled'])
    expect(within(updated).getByRole('button', { name: 'Enable for proxy' })).toBeTruthy()
  })

  it('sends a null reason when none is given, and enables again without a dialog', async () => {
    const account = makeAccount({ proxy_disabled: true, pool_status: 'proxy-disabled' })
    const fake = createFakeApi({
      'accounts:list': () => listOf(account),
      'accounts:set-proxy-disabled': (_id, disabled) => ({ ...account, proxy_disabled: disabled }),
    })
    renderApp(fake.api)
    const row = await findAccountRow('ada@example.com')
    fireEvent.click(within(row).getByRole('button', { name: 'Enable for proxy' }))
    await waitFor(() =>
      expect(fake.callsTo('accounts:set-proxy-disabled')).toEqual([['acc-1', false, null]]),
    )
    expect(screen.queryByRole('dialog')).toBeNull()

    fireEvent.click(await within(row).findByRole('button', { name: 'Disable for proxy' }))
    fireEvent.click(screen.getByRole('button', { name: 'Disable' }))
    await waitFor(() =>
      expect(fake.callsTo('accounts:set-proxy-disabled')[1]).toEqual(['acc-1', true, null]),
    )
  })

  it('deletes only after the confirmation naming the email, and not on Cancel or Escape', async () => {
    const fake = createFakeApi({
      'accounts:list': () => listOf(makeAccount()),
      'accounts:remove': () => null,
    })
    renderApp(fake.api)
    const row = await findAccountRow('ada@example.com')
    const deleteButton = within(row).getByRole('button', { name: 'Delete' })

    // A real click focuses the button; jsdom's does not.
    deleteButton.focus()
    fireEvent.click(deleteButton)
    let dialog = screen.getByRole('dialog', { name: 'Delete ada@example.com?' })
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }))
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(deleteButton)

    fireEvent.click(deleteButton)
    dialog = screen.getByRole('dialog', { name: 'Delete ada@example.com?' })
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(fake.callsTo('accounts:remove')).toEqual([])

    fireEvent.click(deleteButton)
    dialog = screen.getByRole('dialog', { name: 'Delete ada@example.com?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Delete' }))
    await waitFor(() =>
      expect(screen.queryByRole('listitem', { name: 'ada@example.com' })).toBeNull(),
    )
    expect(fake.callsTo('accounts:remove')).toEqual([['acc-1']])
  })

  it('shows an api error with what to do next', async () => {
    const fake = createFakeApi({
      'accounts:list': () => listOf(makeAccount()),
      'accounts:remove': () => {
        throw new RendererApiError('data_dir_locked', 'The data folder is locked by process 4242')
      },
    })
    renderApp(fake.api)
    const row = await findAccountRow('ada@example.com')
    fireEvent.click(within(row).getByRole('button', { name: 'Delete' }))
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: 'Delete' }))

    const alert = await screen.findByRole('alert')
    expect(alert.querySelector('.alert-message')?.textContent).toBe(
      'The data folder is locked by process 4242',
    )
    expect(alert.querySelector('.alert-hint')?.textContent).toBe(
      'Another agtray is using this data folder: quit it, then try again.',
    )
    expect(screen.getByRole('listitem', { name: 'ada@example.com' })).toBeTruthy()
    fireEvent.click(within(alert).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('shows the message of a failed list load', async () => {
    const fake = createFakeApi({
      'accounts:list': () => {
        throw new RendererApiError('internal', 'Could not read accounts.json')
      },
    })
    renderApp(fake.api)
    const alert = await screen.findByRole('alert')
    expect(alert.querySelector('.alert-message')?.textContent).toBe('Could not read accounts.json')
  })

  it('reports where the desktop export saved the accounts', async () => {
    const fake = createFakeApi({
      'accounts:export': () => ({ saved_to: '/home/ada/agtray-accounts.json', count: 3 }),
    })
    renderApp(fake.api)
    await screen.findByText('No accounts yet.')
    fireEvent.click(screen.getByRole('button', { name: 'Export' }))
    const status = await screen.findByText(/^Saved/)
    expect(status.textContent).toBe('Saved 3 accounts to /home/ada/agtray-accounts.json')
    expect(fake.callsTo('accounts:export')).toEqual([[]])
  })

  it('shows the reason the web console refuses to export', async () => {
    const refusal =
      'For safety the web console does not send refresh tokens over the network: run `agtray accounts export` on the server.'
    const fake = createFakeApi({
      'accounts:export': () => {
        throw new RendererApiError('invalid_input', refusal)
      },
    })
    renderApp(fake.api, { kind: 'web' })
    await screen.findByText('No accounts yet.')
    fireEvent.click(screen.getByRole('button', { name: 'Export' }))
    const alert = await screen.findByRole('alert')
    expect(alert.querySelector('.alert-message')?.textContent).toBe(refusal)
  })
})

describe('quota', () => {
  it('shows what is left per model when the account has stored quota, and nothing otherwise', async () => {
    const withQuota = makeAccount({
      id: 'q1',
      email: 'quota@example.com',
      quota: {
        models: [
          { name: 'gemini-3-flash', percentage: 78, reset_time: null },
          {
            name: 'claude-sonnet-4-6-thinking',
            percentage: 12,
            reset_time: '2026-12-01T00:00:00Z',
          },
        ],
        subscription_tier: 'Google AI Pro',
        last_updated: 1795846000,
        is_forbidden: false,
        forbidden_reason: null,
      },
    })
    const plain = makeAccount({ id: 'q2', email: 'plain@example.com' })
    const fake = createFakeApi({ 'accounts:list': () => listOf(withQuota, plain) })
    renderApp(fake.api)
    const row = await findAccountRow('quota@example.com')
    const quota = within(row).getByRole('list', { name: 'Quota left' })
    expect(
      within(quota)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(['claude-sonnet-4-6-thinking12%', 'gemini-3-flash78%'])
    expect(within(row).getByText('Google AI Pro')).toBeTruthy()
    const other = await findAccountRow('plain@example.com')
    expect(within(other).queryByRole('list', { name: 'Quota left' })).toBeNull()
  })
})
