// @vitest-environment jsdom
import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { ImportReportDto } from '../../src/shared/account-dto'
import { RendererApiError } from '../../src/shared/ipc-contract'
import { createFakeApi } from './helpers/fake-api'
import { renderApp } from './helpers/render-app'

const REPORT: ImportReportDto = {
  total: 4,
  added: 2,
  updated: 1,
  failed: [{ email: 'gone@example.com', error: 'invalid_grant' }],
}

/** A promise the test settles, to look at the screen while a call is in flight. */
function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {}
  const promise = new Promise<T>((settle) => {
    resolve = settle
  })
  return { promise, resolve }
}

async function openAddDialog(): Promise<HTMLElement> {
  await screen.findByText('No accounts yet.')
  fireEvent.click(screen.getByRole('button', { name: 'Add account' }))
  return screen.getByRole('dialog', { name: 'Add account' })
}

describe('add account dialog', () => {
  it('has three tabs, focuses the first and moves with the arrow keys', async () => {
    renderApp(createFakeApi().api)
    const dialog = await openAddDialog()
    const tabs = within(dialog).getAllByRole('tab')
    expect(tabs.map((tab) => tab.textContent)).toEqual([
      'Sign in with Google',
      'Paste refresh tokens',
      'Import a JSON file',
    ])
    expect(document.activeElement).toBe(tabs[0])
    fireEvent.keyDown(tabs[0]!, { key: 'ArrowRight' })
    expect(tabs[1]!.getAttribute('aria-selected')).toBe('true')
    expect(document.activeElement).toBe(tabs[1])
    expect(within(dialog).getByRole('tabpanel').getAttribute('aria-labelledby')).toBe(tabs[1]!.id)
    fireEvent.keyDown(dialog, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('adds pasted tokens, shows the progress, then the report, and clears the tokens', async () => {
    const answer = deferred<ImportReportDto>()
    const fake = createFakeApi({ 'accounts:add-from-text': () => answer.promise })
    renderApp(fake.api)
    const dialog = await openAddDialog()
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Paste refresh tokens' }))
    const text = '1//aaa-token\n1//bbb_token, 1//ccc.token\n1//aaa-token'
    const textarea = within(dialog).getByLabelText("Refresh tokens or an export's JSON")
    fireEvent.change(textarea, { target: { value: text } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add accounts' }))

    const busy = await within(dialog).findByRole('button', { name: 'Adding 3 accounts…' })
    expect(busy.hasAttribute('disabled')).toBe(true)
    expect(fake.callsTo('accounts:add-from-text')).toEqual([[text]])

    answer.resolve(REPORT)
    const status = await within(dialog).findByRole('status')
    expect(status.textContent).toBe('2 added, 1 updated, 1 failed: gone@example.com: invalid_grant')
    expect((textarea as HTMLTextAreaElement).value).toBe('')

    // The busy button dropped the focus to <body>: Escape still closes.
    document.body.focus()
    fireEvent.keyDown(document.body, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('counts the accounts of a pasted export JSON', async () => {
    const answer = deferred<ImportReportDto>()
    const fake = createFakeApi({ 'accounts:add-from-text': () => answer.promise })
    renderApp(fake.api)
    const dialog = await openAddDialog()
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Paste refresh tokens' }))
    const json = JSON.stringify([
      { email: 'a@x', refresh_token: '1//a' },
      { email: 'b@x', refresh_token: '1//b' },
    ])
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: json } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add accounts' }))
    expect(await within(dialog).findByRole('button', { name: 'Adding 2 accounts…' })).toBeTruthy()
    answer.resolve({ total: 2, added: 2, updated: 0, failed: [] })
    expect((await within(dialog).findByRole('status')).textContent).toBe('2 added, 0 updated')
  })

  it('keeps the text and shows the message when adding fails', async () => {
    const fake = createFakeApi({
      'accounts:add-from-text': () => {
        throw new RendererApiError('invalid_input', 'No refresh token found in the text')
      },
    })
    renderApp(fake.api)
    const dialog = await openAddDialog()
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Paste refresh tokens' }))
    fireEvent.change(within(dialog).getByRole('textbox'), { target: { value: 'hello' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add accounts' }))
    const alert = await within(dialog).findByRole('alert')
    expect(alert.querySelector('.alert-message')?.textContent).toBe(
      'No refresh token found in the text',
    )
    expect((within(dialog).getByRole('textbox') as HTMLTextAreaElement).value).toBe('hello')
  })

  it('imports a chosen JSON file through the same call', async () => {
    const fake = createFakeApi({ 'accounts:add-from-text': () => REPORT })
    renderApp(fake.api)
    const dialog = await openAddDialog()
    fireEvent.click(within(dialog).getByRole('tab', { name: 'Import a JSON file' }))
    const input = within(dialog).getByLabelText('Export file (.json)') as HTMLInputElement
    expect(input.type).toBe('file')
    expect(input.accept).toBe('.json')
    const content = '{"accounts":[{"email":"a@x","refresh_token":"1//a"}]}'
    const file = new File([content], 'export.json', { type: 'application/json' })
    fireEvent.change(input, { target: { files: [file] } })

    await waitFor(() => expect(fake.callsTo('accounts:add-from-text')).toEqual([[content]]))
    expect((await within(dialog).findByRole('status')).textContent).toBe(
      '2 added, 1 updated, 1 failed: gone@example.com: invalid_grant',
    )
  })

  it('starts a Google sign-in for a new account and closes', async () => {
    const fake = createFakeApi({
      'accounts:start-oauth': () => ({
        flow_id: 'flow-1',
        auth_url: 'https://accounts.google.com/o/oauth2/auth?x=1',
      }),
    })
    renderApp(fake.api)
    const dialog = await openAddDialog()
    fireEvent.click(within(dialog).getByRole('button', { name: 'Sign in with Google' }))
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull())
    expect(fake.callsTo('accounts:start-oauth')).toEqual([[null]])
    expect(screen.getByText('Waiting for Google…')).toBeTruthy()
    expect(screen.getByRole('region', { name: 'Google sign-ins' }).textContent).toContain(
      'Adding an account.',
    )
  })
})
