import { describe, expect, it } from 'vitest'
import type { AccountListDto } from '../../src/shared/account-dto'
import type { OAuthStartDto } from '../../src/shared/oauth-dto'
import { createAccountsStore } from '../../src/renderer/src/stores/accounts-store'
import { createOAuthStore } from '../../src/renderer/src/stores/oauth-store'
import { createFakeApi } from './helpers/fake-api'
import { changedEvent, listOf, makeAccount } from './helpers/fixtures'

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {}
  const promise = new Promise<T>((settle) => {
    resolve = settle
  })
  return { promise, resolve }
}

describe('accounts store', () => {
  it('keeps an event newer than a list answer that was already on its way', async () => {
    const answer = deferred<AccountListDto>()
    const fake = createFakeApi({ 'accounts:list': () => answer.promise })
    const store = createAccountsStore(fake.api)
    const stop = store.getState().connect()
    const fresh = makeAccount({ email: 'fresh@example.com' })
    fake.emit('accounts:changed', changedEvent([fresh]))
    answer.resolve(listOf(makeAccount({ email: 'stale@example.com' })))
    await answer.promise
    await Promise.resolve()
    expect(store.getState().accounts.map((account) => account.email)).toEqual(['fresh@example.com'])
    stop()
    expect(fake.listenerCount('accounts:changed')).toBe(0)
  })

  it('never keeps the pasted text, only how many accounts it holds', async () => {
    const answer = deferred<{ total: number; added: number; updated: number; failed: [] }>()
    const fake = createFakeApi({ 'accounts:add-from-text': () => answer.promise })
    const store = createAccountsStore(fake.api)
    const pending = store.getState().addFromText('1//secret-one 1//secret-two')
    expect(store.getState().adding).toBe(2)
    expect(JSON.stringify(store.getState())).not.toContain('secret')
    answer.resolve({ total: 2, added: 2, updated: 0, failed: [] })
    await pending
    expect(store.getState().adding).toBeNull()
  })
})

describe('oauth store', () => {
  it('keeps an end that arrives before the start call has answered', async () => {
    const answer = deferred<OAuthStartDto>()
    const fake = createFakeApi({ 'accounts:start-oauth': () => answer.promise })
    const store = createOAuthStore(fake.api)
    store.getState().connect()
    const started = store.getState().start(null)
    fake.emit('oauth:finished', {
      flow_id: 'quick',
      ok: true,
      account: makeAccount(),
      created: true,
      reenabled: false,
      message: null,
    })
    answer.resolve({ flow_id: 'quick', auth_url: 'https://accounts.google.com/x' })
    await started
    const [flow] = store.getState().flows
    expect(flow?.status).toBe('finished')
    expect(flow?.result?.created).toBe(true)
    expect(JSON.stringify(store.getState())).not.toContain('accounts.google.com')
  })
})
