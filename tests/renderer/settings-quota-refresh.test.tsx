// @vitest-environment jsdom
import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { createFakeApi } from './helpers/fake-api'
import { makeSettings } from './helpers/fixtures'
import { openPage, renderApp } from './helpers/render-app'

describe('settings page: quota refresh', () => {
  it('shows how often quotas are fetched and changes it, or turns it off', async () => {
    const fake = createFakeApi({
      'settings:get': () => makeSettings({ quota_refresh_minutes: 15 }),
      'settings:update': (patch) => makeSettings(patch),
    })
    renderApp(fake.api)
    openPage('Settings')
    const select = (await screen.findByLabelText('Refresh quotas')) as HTMLSelectElement
    expect(select.selectedOptions[0]?.textContent).toBe('Every 15 minutes')

    fireEvent.change(select, { target: { value: '60' } })
    await waitFor(() =>
      expect(fake.callsTo('settings:update')).toEqual([[{ quota_refresh_minutes: 60 }]]),
    )
    await waitFor(() => expect(select.selectedOptions[0]?.textContent).toBe('Every 60 minutes'))

    fireEvent.change(select, { target: { value: 'null' } })
    await waitFor(() =>
      expect(fake.callsTo('settings:update').at(-1)).toEqual([{ quota_refresh_minutes: null }]),
    )
    await waitFor(() =>
      expect(select.selectedOptions[0]?.textContent).toBe('Never (on demand only)'),
    )
  })

  it('shows an interval set by hand in settings.json as it is', async () => {
    const fake = createFakeApi({ 'settings:get': () => makeSettings({ quota_refresh_minutes: 7 }) })
    renderApp(fake.api)
    openPage('Settings')
    const select = (await screen.findByLabelText('Refresh quotas')) as HTMLSelectElement
    expect(select.selectedOptions[0]?.textContent).toBe('Every 7 minutes')
  })
})
