// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { createFakeApi } from './helpers/fake-api'
import { listOf, makeAccount, makeSettings } from './helpers/fixtures'
import { findAccountRow, openPage, renderApp } from './helpers/render-app'

/** What the core sends back: the password masked, as toSettingsDto / toAccountDto do. */
const masked = (url: string | null): string | null =>
  url === null ? null : url.replace(/:\/\/([^:@/]+):[^@/]+@/, '://$1:***@')

describe('outbound proxy fields', () => {
  it('sets the global proxy in Settings, shows it masked, refuses a non-proxy URL, and clears it', async () => {
    const fake = createFakeApi({
      'settings:update': (patch) =>
        makeSettings({ outbound_proxy: masked(patch.outbound_proxy ?? null) }),
    })
    renderApp(fake.api)
    openPage('Settings')
    const input = (await screen.findByLabelText('Outbound proxy')) as HTMLInputElement
    expect(input.value).toBe('')

    fireEvent.change(input, { target: { value: 'ftp://proxy:21' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    expect(await screen.findByText(/a proxy URL starts with/)).toBeTruthy()
    expect(fake.callsTo('settings:update')).toEqual([])

    fireEvent.change(input, { target: { value: 'socks5://sam:hunter22@10.0.0.1:1080' } })
    fireEvent.click(screen.getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(fake.callsTo('settings:update')).toEqual([
        [{ outbound_proxy: 'socks5://sam:hunter22@10.0.0.1:1080' }],
      ]),
    )
    // The saved value comes back masked; the password is not on the page any more.
    await waitFor(() =>
      expect((screen.getByLabelText('Outbound proxy') as HTMLInputElement).value).toBe(
        'socks5://sam:***@10.0.0.1:1080',
      ),
    )
    expect(document.body.innerHTML).not.toContain('hunter22')

    fireEvent.click(screen.getByRole('button', { name: 'Clear' }))
    await waitFor(() =>
      expect(fake.callsTo('settings:update')[1]).toEqual([{ outbound_proxy: null }]),
    )
  })

  it('sets an account’s own proxy from its details', async () => {
    const fake = createFakeApi({
      'accounts:list': () => listOf(makeAccount()),
      'accounts:set-outbound-proxy': (id, url) => makeAccount({ id, outbound_proxy: masked(url) }),
    })
    renderApp(fake.api)
    const row = await findAccountRow('ada@example.com')
    const input = within(row).getByLabelText('Outbound proxy of this account') as HTMLInputElement
    fireEvent.change(input, { target: { value: 'http://agt:pw-123456@127.0.0.1:3128' } })
    fireEvent.click(within(row).getByRole('button', { name: 'Save' }))
    await waitFor(() =>
      expect(fake.callsTo('accounts:set-outbound-proxy')).toEqual([
        ['acc-1', 'http://agt:pw-123456@127.0.0.1:3128'],
      ]),
    )
    await waitFor(() =>
      expect(
        (
          within(screen.getByRole('listitem', { name: 'ada@example.com' })).getByLabelText(
            'Outbound proxy of this account',
          ) as HTMLInputElement
        ).value,
      ).toBe('http://agt:***@127.0.0.1:3128'),
    )
  })
})
