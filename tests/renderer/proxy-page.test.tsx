// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createFakeApi } from './helpers/fake-api'
import { listOf, makeAccount, makeSettings, makeStatus } from './helpers/fixtures'
import { openPage, renderApp } from './helpers/render-app'

const SECRET = 'sk-live-0123456789abcdef'

let writeText: ReturnType<typeof vi.fn<(text: string) => Promise<void>>>

beforeEach(() => {
  writeText = vi.fn(async (_text: string) => {})
  Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true })
})

afterEach(() => {
  Reflect.deleteProperty(navigator, 'clipboard')
})

async function showProxyPage(fake: ReturnType<typeof createFakeApi>): Promise<void> {
  renderApp(fake.api)
  openPage('Proxy')
  await screen.findByRole('switch', { name: 'Proxy server' })
}

describe('proxy page', () => {
  it('switches the proxy off and on, with the status line following', async () => {
    const fake = createFakeApi({
      'proxy:set-enabled': (enabled) => makeStatus({ enabled }),
    })
    await showProxyPage(fake)
    const toggle = screen.getByRole('switch', { name: 'Proxy server' })
    expect(toggle.getAttribute('aria-checked')).toBe('true')
    expect(screen.getByText(/port 8045/).textContent).toBe('On · port 8045 · 2 in pool')

    fireEvent.click(toggle)
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('false'))
    expect(fake.callsTo('proxy:set-enabled')).toEqual([[false]])
    expect(screen.getByText(/port 8045/).textContent).toBe('Off · port 8045 · 2 in pool')

    fireEvent.click(toggle)
    await waitFor(() => expect(toggle.getAttribute('aria-checked')).toBe('true'))
    expect(fake.callsTo('proxy:set-enabled')).toEqual([[false], [true]])
  })

  it('follows proxy:status-changed: switch, pool and request counters', async () => {
    const fake = createFakeApi()
    await showProxyPage(fake)
    const requests = screen.getByRole('region', { name: 'Requests since start' })
    const counters = (): string[] =>
      [...requests.querySelectorAll('dd')].map((dd) => dd.textContent ?? '')
    expect(counters()).toEqual(['0', '0', '0'])

    fake.emit(
      'proxy:status-changed',
      makeStatus({
        enabled: false,
        counts: { ...makeStatus().counts, in_pool: 1 },
        requests: { total: 12, succeeded: 10, failed: 2 },
      }),
    )
    expect(counters()).toEqual(['12', '10', '2'])
    expect(screen.getByRole('switch', { name: 'Proxy server' }).getAttribute('aria-checked')).toBe(
      'false',
    )
    expect(screen.getByText(/port 8045/).textContent).toBe('Off · port 8045 · 1 in pool')
    expect(fake.callsTo('proxy:status')).toHaveLength(1)
  })

  it('lists the base URL of each protocol with a copy button', async () => {
    const fake = createFakeApi({
      'proxy:status': () => makeStatus({ base_url: 'http://127.0.0.1:8045/' }),
    })
    await showProxyPage(fake)
    const urls = screen.getByRole('region', { name: 'Base URLs' })
    expect([...urls.querySelectorAll('dt')].map((dt) => dt.textContent)).toEqual([
      'OpenAI',
      'Anthropic',
      'Gemini',
    ])
    expect([...urls.querySelectorAll('code')].map((code) => code.textContent)).toEqual([
      'http://127.0.0.1:8045/v1',
      'http://127.0.0.1:8045',
      'http://127.0.0.1:8045',
    ])
    fireEvent.click(within(urls).getByRole('button', { name: 'Copy the OpenAI base URL' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith('http://127.0.0.1:8045/v1'))
  })

  it('keeps the API key out of the page until Show, and hides it again', async () => {
    const fake = createFakeApi({ 'proxy:reveal-api-key': () => SECRET })
    await showProxyPage(fake)
    const panel = screen.getByRole('region', { name: 'API key' })
    expect(document.body.innerHTML).not.toContain(SECRET)
    expect(panel.querySelector('code')?.textContent).toBe('sk-••••')
    expect(fake.callsTo('proxy:reveal-api-key')).toEqual([])

    fireEvent.click(within(panel).getByRole('button', { name: 'Show' }))
    await waitFor(() => expect(panel.querySelector('code')?.textContent).toBe(SECRET))
    fireEvent.click(within(panel).getByRole('button', { name: 'Hide' }))
    expect(panel.querySelector('code')?.textContent).toBe('sk-••••')
    expect(document.body.innerHTML).not.toContain(SECRET)
  })

  it('copies the key without showing it', async () => {
    const fake = createFakeApi({ 'proxy:reveal-api-key': () => SECRET })
    await showProxyPage(fake)
    const panel = screen.getByRole('region', { name: 'API key' })
    fireEvent.click(within(panel).getByRole('button', { name: 'Copy' }))
    expect((await within(panel).findByRole('status')).textContent).toBe('API key copied.')
    expect(writeText).toHaveBeenCalledWith(SECRET)
    expect(document.body.innerHTML).not.toContain(SECRET)
  })

  it('regenerates the key only after the warning is confirmed', async () => {
    const fake = createFakeApi({ 'proxy:regenerate-api-key': () => makeStatus() })
    await showProxyPage(fake)
    const panel = screen.getByRole('region', { name: 'API key' })
    fireEvent.click(within(panel).getByRole('button', { name: 'Regenerate' }))
    let dialog = screen.getByRole('dialog', { name: 'Regenerate the API key?' })
    expect(dialog.textContent).toContain('Every client that uses the current key stops working')
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }))
    expect(fake.callsTo('proxy:regenerate-api-key')).toEqual([])

    fireEvent.click(within(panel).getByRole('button', { name: 'Regenerate' }))
    dialog = screen.getByRole('dialog', { name: 'Regenerate the API key?' })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Regenerate' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(fake.callsTo('proxy:regenerate-api-key')).toEqual([[]])
    expect(within(panel).getByRole('status').textContent).toBe(
      'New API key made. Give it to your clients: the old one no longer works.',
    )
  })

  it('cannot regenerate a key that comes from AGTRAY_API_KEY', async () => {
    const fake = createFakeApi({
      'settings:get': () => makeSettings({ api_key_source: 'environment' }),
    })
    await showProxyPage(fake)
    const panel = screen.getByRole('region', { name: 'API key' })
    await waitFor(() =>
      expect(
        within(panel).getByRole('button', { name: 'Regenerate' }).hasAttribute('disabled'),
      ).toBe(true),
    )
    expect(panel.textContent).toContain('This key comes from AGTRAY_API_KEY')
  })

  it('changes auth mode, LAN access and port through settings:update, with the restart notice', async () => {
    const fake = createFakeApi({
      'settings:update': (patch) =>
        makeSettings({
          ...patch,
          restart_required: patch.port !== undefined || patch.lan_access !== undefined,
        }),
    })
    await showProxyPage(fake)
    const access = await screen.findByRole('region', { name: 'Access' })
    expect(within(access).queryByText('Takes effect after a restart.')).toBeNull()

    fireEvent.change(within(access).getByLabelText('Authentication'), {
      target: { value: 'strict' },
    })
    await waitFor(() =>
      expect(fake.callsTo('settings:update')).toEqual([[{ auth_mode: 'strict' }]]),
    )

    fireEvent.click(within(access).getByLabelText('Allow access from other machines (LAN)'))
    await waitFor(() => expect(fake.callsTo('settings:update')[1]).toEqual([{ lan_access: true }]))
    expect(within(access).getByRole('status').textContent).toBe('Takes effect after a restart.')

    const port = within(access).getByLabelText('Port')
    fireEvent.change(port, { target: { value: '70000' } })
    fireEvent.click(within(access).getByRole('button', { name: 'Apply' }))
    expect(within(access).getByText('Enter a port from 1 to 65535.')).toBeTruthy()
    expect(fake.callsTo('settings:update')).toHaveLength(2)

    fireEvent.change(port, { target: { value: '9000' } })
    fireEvent.click(within(access).getByRole('button', { name: 'Apply' }))
    await waitFor(() => expect(fake.callsTo('settings:update')[2]).toEqual([{ port: 9000 }]))
  })
})

describe('proxy page: scheduling', () => {
  it('changes the account choice, the fixed account and quota protection through settings:update', async () => {
    const fake = createFakeApi({
      'accounts:list': () => listOf(makeAccount({ id: 'acc-7', email: 'seven@example.com' })),
      'settings:update': (patch) => makeSettings(patch),
    })
    await showProxyPage(fake)
    const card = await screen.findByRole('region', { name: 'Scheduling' })
    expect(within(card).queryByLabelText('Fixed account')).toBeNull()

    fireEvent.change(within(card).getByLabelText('Account choice'), {
      target: { value: 'fixed' },
    })
    await waitFor(() =>
      expect(fake.callsTo('settings:update')).toEqual([[{ scheduling_mode: 'fixed' }]]),
    )
    fireEvent.change(await within(card).findByLabelText('Fixed account'), {
      target: { value: 'acc-7' },
    })
    await waitFor(() =>
      expect(fake.callsTo('settings:update')[1]).toEqual([{ fixed_account_id: 'acc-7' }]),
    )

    fireEvent.click(within(card).getByLabelText(/^Quota protection/))
    await waitFor(() =>
      expect(fake.callsTo('settings:update')[2]).toEqual([{ quota_protection_enabled: true }]),
    )
    const threshold = within(card).getByLabelText('Protection threshold (%)')
    fireEvent.change(threshold, { target: { value: '150' } })
    fireEvent.blur(threshold)
    fireEvent.change(threshold, { target: { value: '20' } })
    fireEvent.blur(threshold)
    await waitFor(() =>
      expect(fake.callsTo('settings:update')[3]).toEqual([{ quota_protection_threshold: 20 }]),
    )
    expect(fake.callsTo('settings:update')).toHaveLength(4)
  })
})
