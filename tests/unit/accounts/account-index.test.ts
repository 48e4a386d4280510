import { describe, expect, it } from 'vitest'
import { parseIndex, rebuildIndex, reconcileIndex } from '../../../src/core/accounts/account-index'
import { buildToken, newAccountFile } from '../../../src/core/accounts/account-rules'

const make = (id: string, email: string, lastUsed: number) =>
  newAccountFile({
    id,
    email,
    name: null,
    token: buildToken({ access_token: 'a', refresh_token: `1//${id}`, expires_in: 10 }, email, 0),
    nowSeconds: lastUsed,
  })

describe('parseIndex', () => {
  it('tolerates a BOM and leading NUL bytes', () => {
    const parsed = parseIndex(
      '\uFEFF\u0000\u0000{"version":"2.0","accounts":[],"current_account_id":null}',
    )
    expect(parsed.kind).toBe('ok')
  })

  it('calls empty and whitespace files empty, and garbage broken', () => {
    expect(parseIndex('').kind).toBe('empty')
    expect(parseIndex('  \n ').kind).toBe('empty')
    expect(parseIndex('{"accounts": [').kind).toBe('broken')
    expect(parseIndex('[1,2]').kind).toBe('broken')
  })
})

describe('rebuildIndex', () => {
  it('orders by last use, newest first, then by email', () => {
    const index = rebuildIndex([
      make('a', 'zed@x.com', 10),
      make('b', 'amy@x.com', 10),
      make('c', 'bob@x.com', 99),
    ])
    expect(index.accounts.map((entry) => entry.id)).toEqual(['c', 'b', 'a'])
    expect(index.current_account_id).toBe('c')
  })
})

describe('reconcileIndex', () => {
  it('drops entries without a file, appends files missing from the index, keeps unreadable ones', () => {
    const index = {
      version: '2.0',
      accounts: [
        { id: 'gone', email: 'gone@x.com' },
        { id: 'a', email: 'a@x.com' },
        { id: 'broken', email: 'broken@x.com' },
      ],
      current_account_id: 'gone',
    }
    const result = reconcileIndex(
      index,
      [make('a', 'a@x.com', 1), make('new', 'new@x.com', 2)],
      new Set(['broken']),
    )
    expect(result.changed).toBe(true)
    expect(result.index.accounts.map((entry) => entry.id)).toEqual(['a', 'broken', 'new'])
    expect(result.index.current_account_id).toBe('a')
    expect(result.notes).toHaveLength(2)
    expect(result.notes.join('\n')).toMatch(/gone.*dropped/)
    expect(result.notes.join('\n')).toMatch(/new@x.com.*added/)
  })

  it('reports no change when the index already agrees', () => {
    const files = [make('a', 'a@x.com', 1)]
    const first = reconcileIndex(rebuildIndex(files), files, new Set())
    expect(first.changed).toBe(false)
  })

  it('keeps unknown index keys', () => {
    const index = {
      version: '2.0',
      accounts: [],
      current_account_id: null,
      current_target_ide: 'agy',
    }
    expect(reconcileIndex(index, [], new Set()).index).toMatchObject({ current_target_ide: 'agy' })
  })
})
