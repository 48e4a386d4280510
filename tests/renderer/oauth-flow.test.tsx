// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { RendererApiError } from '../../src/shared/ipc-contract'
import type { OAuthFinishedDto } from '../../src/shared/oauth-dto'
import { createFakeApi } from './helpers/fake-api'
import { listOf, makeAccount } from './helpers/fixtures'
import { findAccountRow, renderApp } from './helpers/render-app'

const dead = makeAccount({
  id: 'acc-dead',
  email: 'dead@example.com',
  disabled: true,
  disabled_reason: 'invalid_grant',
  in_pool: false,
  pool_status: 'disabled',
})

const finished = (overrides: Partial<OAuthFinishedDto> = {}): OAuthFinishedDto => ({
  flow_id: 'flow-7',
  ok: true,
  account: { ...dead, disabled: false },
  created: false,
  reenabled: true,
  message: null,
  ...overrides,
})

function setUp(extra: Parameters<typeof createFakeApi>[0] = {}): ReturnType<typeof createFakeApi> {
  return createFakeApi({
    'accounts:list': () => listOf(dead),
    'accounts:start-oauth': () => ({
      flow_id: 'flow-7',
      auth_url: 'https://accounts.google.com/x',
    }),
    'accounts:cancel-oauth': () => null,
    'accounts:open-oauth-in-browser': () => null,
    ...extra,
  })
}

async function reauthorize(): Promise<HTMLElement> {
  const row = await findAccountRow('dead@example.com')
  const button = within(row).getByRole('button', { name: 'Re-authorize' })
  expect(button.className).toBe('button-primary')
  fireEvent.click(button)
  return screen.findByRole('region', { name: 'Google sign-ins' })
}

describe('OAuth sign-in', () => {
  it('re-authorizes with the account id, waits, then says the account is re-enabled', async () => {
    const fake = setUp()
    renderApp(fake.api)
    const panel = await reauthorize()
    expect(fake.callsTo('accounts:start-oauth')).toEqual([['acc-dead']])
    expect(within(panel).getByRole('status').textContent).toBe(
      'Waiting for Google… Re-authorizing dead@example.com. Finish signing in in the Google window.',
    )
    const row = screen.getByRole('listitem', { name: 'dead@example.com' })
    expect(within(row).getByRole('button', { name: 'Re-authorize' }).hasAttribute('disabled')).toBe(
      true,
    )

    fake.emit('oauth:finished', finished({ flow_id: 'another-flow' }))
    expect(screen.getByText('Waiting for Google…')).toBeTruthy()

    fake.emit('oauth:finished', finished())
    expect(screen.queryByText('Waiting for Google…')).toBeNull()
    expect(within(panel).getByRole('status').textContent).toBe(
      'dead@example.com is re-enabled: its new sign-in works.',
    )
    fireEvent.click(within(panel).getByRole('button', { name: 'Dismiss' }))
    expect(screen.queryByRole('region', { name: 'Google sign-ins' })).toBeNull()
  })

  it('shows the error message when the sign-in fails', async () => {
    const fake = setUp()
    renderApp(fake.api)
    const panel = await reauthorize()
    fake.emit(
      'oauth:finished',
      finished({
        ok: false,
        account: null,
        reenabled: false,
        message: 'The sign-in was not completed within 5 minutes',
      }),
    )
    const alert = within(panel).getByRole('alert')
    expect(alert.querySelector('.alert-message')?.textContent).toBe(
      'The sign-in was not completed within 5 minutes',
    )
    expect(screen.queryByText('Waiting for Google…')).toBeNull()
  })

  it('cancels the flow, and the cancelled end is not shown as an error', async () => {
    const fake = setUp()
    renderApp(fake.api)
    const panel = await reauthorize()
    fireEvent.click(within(panel).getByRole('button', { name: 'Cancel' }))
    await waitFor(() => expect(fake.callsTo('accounts:cancel-oauth')).toEqual([['flow-7']]))
    fake.emit(
      'oauth:finished',
      finished({
        ok: false,
        account: null,
        reenabled: false,
        message: 'The sign-in was cancelled',
      }),
    )
    expect(screen.queryByRole('region', { name: 'Google sign-ins' })).toBeNull()
    expect(screen.queryByRole('alert')).toBeNull()
  })

  it('opens the page again in the web console, and says "tab"', async () => {
    const fake = setUp()
    renderApp(fake.api, { kind: 'web', logout: () => {} })
    const panel = await reauthorize()
    expect(within(panel).getByRole('status').textContent).toContain(
      'Finish signing in on the Google tab.',
    )
    fireEvent.click(within(panel).getByRole('button', { name: 'Open the Google page again' }))
    await waitFor(() =>
      expect(fake.callsTo('accounts:open-oauth-in-browser')).toEqual([['flow-7']]),
    )
  })

  it('says when an account is added by a new sign-in', async () => {
    const fake = setUp()
    renderApp(fake.api)
    await reauthorize()
    fake.emit(
      'oauth:finished',
      finished({
        created: true,
        reenabled: false,
        account: makeAccount({ email: 'new@example.com' }),
      }),
    )
    expect(screen.getByText('new@example.com added.')).toBeTruthy()
  })

  it('shows why a sign-in could not start', async () => {
    const fake = setUp({
      'accounts:start-oauth': () => {
        throw new RendererApiError('google_unavailable', 'Google did not answer')
      },
    })
    renderApp(fake.api)
    const row = await findAccountRow('dead@example.com')
    fireEvent.click(within(row).getByRole('button', { name: 'Re-authorize' }))
    const alert = await screen.findByRole('alert')
    expect(alert.querySelector('.alert-message')?.textContent).toBe('Google did not answer')
    expect(alert.querySelector('.alert-hint')?.textContent).toBe(
      'Check the network connection, then try again.',
    )
  })

  it('finishes a sign-in done on another device with the pasted address, or says why not', async () => {
    let refuse = true
    const fake = setUp({
      'accounts:complete-oauth': () => {
        if (refuse)
          throw new RendererApiError(
            'invalid_input',
            'This address belongs to another sign-in (its state does not match).',
          )
        return { ok: true, message: 'dead@example.com is connected' }
      },
    })
    renderApp(fake.api, { kind: 'web', logout: () => {} })
    const panel = await reauthorize()
    fireEvent.click(within(panel).getByText('Signing in on another device?'))
    const finish = within(panel).getByRole('button', { name: 'Finish sign-in' })
    expect(finish.hasAttribute('disabled')).toBe(true)
    const field = within(panel).getByLabelText('Address your browser ended on, or the code')
    const address = 'http://127.0.0.1:8045/oauth/callback?state=s&code=4%2Fc'
    fireEvent.change(field, { target: { value: address } })
    fireEvent.click(finish)
    await waitFor(() =>
      expect(fake.callsTo('accounts:complete-oauth')).toEqual([['flow-7', address]]),
    )
    expect((await screen.findByRole('alert')).textContent).toContain('state does not match')
    expect(screen.getByText('Waiting for Google…')).toBeTruthy()

    refuse = false
    fireEvent.click(finish)
    await waitFor(() => expect(fake.callsTo('accounts:complete-oauth')).toHaveLength(2))
    fake.emit('oauth:finished', finished())
    expect(within(panel).getByRole('status').textContent).toBe(
      'dead@example.com is re-enabled: its new sign-in works.',
    )
  })
})
