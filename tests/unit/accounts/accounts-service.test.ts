import { describe, expect, it, vi } from 'vitest'
import type { AccountManager, UpsertResult } from '../../../src/core/accounts/account-manager'
import { buildToken, newAccountFile } from '../../../src/core/accounts/account-rules'
import { createAccountsService } from '../../../src/core/accounts/accounts-service'
import type { TokenPool } from '../../../src/core/pool/token-pool'
import { createTypedEmitter } from '../../../src/core/runtime/typed-emitter'
import type { AccountDto } from '../../../src/shared/account-dto'
import type { AccountsChangedEvent, CoreEventMap } from '../../../src/shared/core-events'
import { makeAccountDto } from '../../helpers/dto-fixtures'

const accountFile = (id: string, email: string) =>
  newAccountFile({
    id,
    email,
    name: null,
    token: buildToken({ access_token: 'a', refresh_token: `1//${id}`, expires_in: 10 }, email, 0),
    nowSeconds: 1,
  })

const grant = { access_token: 'a', refresh_token: '1//new', expires_in: 3600, id_token: null }

function setUp(accounts: AccountDto[] = []) {
  const held = new Map(accounts.map((account) => [account.id, account]))
  let moved = false
  const pool = {
    list: () => ({ accounts: [...held.values()], unreadable: [] }),
    dto: (id: string) => held.get(id),
    reconsider: () => moved,
  } as unknown as TokenPool
  const report = { total: 0, added: 0, updated: 0, failed: [] }
  const manager = {
    importAccounts: vi.fn(async () => report),
    addFromGrant: vi.fn<(grant: unknown) => Promise<UpsertResult>>(),
    setProxyDisabled: vi.fn(async () => accountFile('x', 'x@example.com')),
  }
  const events = createTypedEmitter<CoreEventMap>()
  const announced: AccountsChangedEvent[] = []
  events.on('accounts-changed', (event) => announced.push(event))
  const onPoolChanged = vi.fn()
  const service = createAccountsService({
    manager: manager as unknown as AccountManager,
    pool,
    events,
    onPoolChanged,
  })
  return {
    service,
    manager,
    announced,
    onPoolChanged,
    hold: (account: AccountDto) => held.set(account.id, account),
    move: () => (moved = true),
  }
}

describe('adding accounts from pasted text', () => {
  it('adds every refresh token found in the text, once each', async () => {
    const { service, manager } = setUp()
    await service.addAccountsFromText(
      'ana: 1//0gAna-token_1.x\nbob = "1//0gBob"; again 1//0gAna-token_1.x, done',
    )
    expect(manager.importAccounts).toHaveBeenCalledWith([
      { refresh_token: '1//0gAna-token_1.x' },
      { refresh_token: '1//0gBob' },
    ])
  })

  it('takes pasted JSON as an export file', async () => {
    const { service, manager } = setUp()
    const exported = [{ email: 'ana@example.com', refresh_token: '1//0gAna' }]
    await service.addAccountsFromText(`  ${JSON.stringify(exported)}\n`)
    expect(manager.importAccounts).toHaveBeenCalledWith(exported)
  })

  it('refuses text without a refresh token, saying what one looks like', async () => {
    const { service, manager } = setUp()
    await expect(service.addAccountsFromText('my password is hunter2')).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('1//'),
    })
    expect(manager.importAccounts).not.toHaveBeenCalled()
  })
})

describe('the end of a sign-in', () => {
  const ana = makeAccountDto({ id: 'ana', email: 'ana@example.com' })
  const bob = makeAccountDto({ id: 'bob', email: 'bob@example.com' })

  it('says so when re-authorizing one account signs in as another', async () => {
    const { service, manager } = setUp([ana, bob])
    manager.addFromGrant.mockResolvedValue({
      account: accountFile('bob', 'bob@example.com'),
      created: false,
      reenabled: false,
    })
    const outcome = await service.addFromSignIn(grant, 'ana')
    expect(outcome.finished).toEqual({ account: bob, created: false, reenabled: false })
    expect(outcome.note).toBe(
      'You signed in as bob@example.com, not ana@example.com; bob@example.com was updated',
    )
  })

  it('says the other account was added when it is new', async () => {
    const { service, manager, hold } = setUp([ana])
    const cid = makeAccountDto({ id: 'cid', email: 'cid@example.com' })
    manager.addFromGrant.mockImplementation(async () => {
      hold(cid)
      return { account: accountFile('cid', 'cid@example.com'), created: true, reenabled: false }
    })
    expect((await service.addFromSignIn(grant, 'ana')).note).toBe(
      'You signed in as cid@example.com, not ana@example.com; cid@example.com was added',
    )
  })

  it('has nothing to add when the right account signed in, or none was expected', async () => {
    const { service, manager } = setUp([ana])
    manager.addFromGrant.mockResolvedValue({
      account: accountFile('ana', 'ana@example.com'),
      created: false,
      reenabled: true,
    })
    expect(await service.addFromSignIn(grant, 'ana')).toEqual({
      finished: { account: ana, created: false, reenabled: true },
      note: null,
    })
    expect((await service.addFromSignIn(grant, null)).note).toBeNull()
  })
})

describe('announcing account changes', () => {
  it('announces a change with its reason and the list as it now is; the proxy status follows', () => {
    const ana = makeAccountDto({ id: 'ana' })
    const { service, announced, onPoolChanged } = setUp([ana])
    service.announce('proxy-toggled', 'ana')
    expect(announced).toEqual([
      { reason: 'proxy-toggled', account_id: 'ana', accounts: [ana], unreadable: [] },
    ])
    expect(onPoolChanged).toHaveBeenCalledOnce()
  })

  it('announces a reload after a settings change only when some account’s standing moved', () => {
    const { service, announced, move } = setUp()
    service.reconsider()
    expect(announced).toEqual([])
    move()
    service.reconsider()
    expect(announced.map((event) => event.reason)).toEqual(['reloaded'])
  })

  it('answers a proxy toggle with the account as the pool now shows it', async () => {
    const { service } = setUp([makeAccountDto({ id: 'x', proxy_disabled: true })])
    expect(await service.setAccountProxyDisabled('x', true, 'mine')).toMatchObject({
      id: 'x',
      proxy_disabled: true,
    })
    await expect(service.setAccountProxyDisabled('gone', true)).rejects.toMatchObject({
      code: 'not_found',
    })
  })
})
