// @vitest-environment jsdom
import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { RendererApiError } from '../../src/shared/ipc-contract'
import { createFakeApi } from './helpers/fake-api'
import { makeSettings } from './helpers/fixtures'
import { openPage, renderApp } from './helpers/render-app'

afterEach(() => {
  delete document.documentElement.dataset.theme
  Reflect.deleteProperty(window, 'matchMedia')
})

/** A matchMedia whose answer the test changes, as the OS would. */
function fakeSystemTheme(dark: boolean): (nowDark: boolean) => void {
  const listeners = new Set<() => void>()
  const query = {
    matches: dark,
    addEventListener: (_type: string, listener: () => void) => listeners.add(listener),
    removeEventListener: (_type: string, listener: () => void) => listeners.delete(listener),
  }
  Object.defineProperty(window, 'matchMedia', { value: vi.fn(() => query), configurable: true })
  return (nowDark) => {
    query.matches = nowDark
    for (const listener of listeners) listener()
  }
}

describe('settings page', () => {
  it('shows the data folder and switches the theme at once', async () => {
    const fake = createFakeApi({
      'settings:update': (patch) => makeSettings(patch),
    })
    renderApp(fake.api)
    openPage('Settings')
    const folder = (await screen.findByLabelText('Data folder')) as HTMLInputElement
    expect(folder.value).toBe('/home/ada/.agtray')
    expect(folder.readOnly).toBe(true)
    expect(document.documentElement.dataset.theme).toBe('light')

    fireEvent.change(screen.getByLabelText('Theme'), { target: { value: 'dark' } })
    // Before the answer: the theme must not wait for the round trip.
    expect(document.documentElement.dataset.theme).toBe('dark')
    await waitFor(() => expect(fake.callsTo('settings:update')).toEqual([[{ theme: 'dark' }]]))
  })

  it('follows the system with "system", also when the system changes', async () => {
    const setSystemDark = fakeSystemTheme(true)
    const fake = createFakeApi({ 'settings:get': () => makeSettings({ theme: 'system' }) })
    renderApp(fake.api)
    openPage('Settings')
    await screen.findByLabelText('Theme')
    expect(document.documentElement.dataset.theme).toBe('dark')
    setSystemDark(false)
    expect(document.documentElement.dataset.theme).toBe('light')
  })

  it('puts the theme back and shows the error when saving fails', async () => {
    const fake = createFakeApi({
      'settings:update': () => {
        throw new RendererApiError('internal', 'settings.json could not be written')
      },
    })
    renderApp(fake.api)
    openPage('Settings')
    fireEvent.change(await screen.findByLabelText('Theme'), { target: { value: 'dark' } })
    const alert = await screen.findByRole('alert')
    expect(alert.querySelector('.alert-message')?.textContent).toBe(
      'settings.json could not be written',
    )
    expect(document.documentElement.dataset.theme).toBe('light')
    expect((screen.getByLabelText('Theme') as HTMLSelectElement).value).toBe('light')
  })

  it('shows a change made elsewhere (the tray, the admin API) while the page is open', async () => {
    const fake = createFakeApi()
    renderApp(fake.api)
    openPage('Settings')
    const startAtLogin = (await screen.findByLabelText('Start at login')) as HTMLInputElement
    expect(startAtLogin.checked).toBe(false)
    act(() => fake.emit('settings:changed', makeSettings({ start_at_login: true })))
    await waitFor(() => expect(startAtLogin.checked).toBe(true))
  })

  it('saves start at login and start the proxy at launch', async () => {
    const fake = createFakeApi({ 'settings:update': (patch) => makeSettings(patch) })
    renderApp(fake.api)
    openPage('Settings')
    fireEvent.click(await screen.findByLabelText('Start at login'))
    await waitFor(() =>
      expect(fake.callsTo('settings:update')).toEqual([[{ start_at_login: true }]]),
    )
    fireEvent.click(screen.getByLabelText('Start the proxy at launch'))
    await waitFor(() =>
      expect(fake.callsTo('settings:update')[1]).toEqual([{ start_proxy_at_launch: false }]),
    )
  })
})

describe('settings page: Antigravity version', () => {
  it('sets a newer version, refuses a malformed one, and goes back to the built-in one when emptied', async () => {
    const fake = createFakeApi({
      'settings:update': (patch) =>
        makeSettings(
          patch.client_version
            ? { client_version: patch.client_version, client_version_source: 'settings' }
            : {},
        ),
    })
    renderApp(fake.api)
    openPage('Settings')
    const input = (await screen.findByLabelText('Antigravity version')) as HTMLInputElement
    expect(input.value).toBe('')
    expect(input.placeholder).toBe('4.3.0')
    expect(screen.getByText(/Leave empty for the built-in 4\.3\.0/)).toBeTruthy()

    fireEvent.change(input, { target: { value: '4.3' } })
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }))
    expect(
      await screen.findByText('Enter a version such as 4.3.0, or leave it empty.'),
    ).toBeTruthy()
    expect(fake.callsTo('settings:update')).toEqual([])

    fireEvent.change(input, { target: { value: ' 5.0.1 ' } })
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }))
    await waitFor(() =>
      expect(fake.callsTo('settings:update')).toEqual([[{ client_version: '5.0.1' }]]),
    )
    await waitFor(() =>
      expect((screen.getByLabelText('Antigravity version') as HTMLInputElement).value).toBe(
        '5.0.1',
      ),
    )

    fireEvent.change(screen.getByLabelText('Antigravity version'), { target: { value: '' } })
    fireEvent.click(screen.getByRole('button', { name: 'Apply' }))
    await waitFor(() =>
      expect(fake.callsTo('settings:update').at(-1)).toEqual([{ client_version: '' }]),
    )
  })

  it('shows a version from AGTRAY_CLIENT_VERSION read-only, saying the environment wins', async () => {
    const fake = createFakeApi({
      'settings:get': () =>
        makeSettings({ client_version: '6.0.1', client_version_source: 'environment' }),
    })
    renderApp(fake.api)
    openPage('Settings')
    const input = (await screen.findByLabelText('Antigravity version')) as HTMLInputElement
    expect(input.value).toBe('6.0.1')
    expect(input.readOnly).toBe(true)
    expect(screen.getByText(/Set by AGTRAY_CLIENT_VERSION, which wins/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Apply' })).toBeNull()
  })
})
