import { writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { findAccountByEmail } from '../../src/core/accounts/account-lookup'
import { readAccountFile, seedAccounts, writeAccountFile } from '../helpers/account-files'
import { createCountingStore } from '../helpers/counting-reader'
import { makeTempDir } from '../helpers/temp-dir'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

const seedFifty = () =>
  seedAccounts(
    temp.dir,
    Array.from({ length: 50 }, (_, n) => ({ email: `u${n}@x.com`, refreshToken: `1//${n}` })),
  )

describe('finding an account by email', () => {
  it('goes through the index and reads only the file it points to', async () => {
    const ids = seedFifty()
    const counting = createCountingStore(temp.dir)
    const found = await findAccountByEmail(counting.store(temp.dir), 'u37@x.com')
    expect(found).toMatchObject({ kind: 'found', account: { id: ids[37], email: 'u37@x.com' } })
    expect(counting.counts.accountFiles).toBe(1)
    expect(await findAccountByEmail(counting.store(temp.dir), 'nobody@x.com')).toEqual({
      kind: 'none',
    })
    expect(counting.counts.accountFiles).toBe(1)
  })

  it('also reads a file the index does not list yet, and only that one', async () => {
    seedFifty()
    const [extra] = seedAccounts(path.join(temp.dir, 'elsewhere'), [
      { email: 'new@x.com', refreshToken: '1//new' },
    ])
    writeAccountFile(temp.dir, extra!, readAccountFile(path.join(temp.dir, 'elsewhere'), extra!))
    const counting = createCountingStore(temp.dir)
    const found = await findAccountByEmail(counting.store(temp.dir), 'new@x.com')
    expect(found).toMatchObject({ kind: 'found', account: { id: extra } })
    expect(counting.counts.accountFiles).toBe(1)
  })

  it('reads every file when the index is broken, or names a file that holds another email', async () => {
    const ids = seedFifty()
    const counting = createCountingStore(temp.dir)
    // u3's file was edited by hand to hold u3-new; the index still says u3.
    writeAccountFile(temp.dir, ids[3]!, {
      ...readAccountFile(temp.dir, ids[3]!),
      email: 'u3-new@x.com',
    })
    writeAccountFile(temp.dir, ids[9]!, {
      ...readAccountFile(temp.dir, ids[9]!),
      email: 'u3@x.com',
    })
    expect(await findAccountByEmail(counting.store(temp.dir), 'u3@x.com')).toMatchObject({
      kind: 'found',
      account: { id: ids[9] },
    })
    expect(counting.counts.accountFiles).toBeGreaterThanOrEqual(50)

    counting.reset()
    writeFileSync(path.join(temp.dir, 'accounts.json'), '{"accounts": [')
    expect(await findAccountByEmail(counting.store(temp.dir), 'u20@x.com')).toMatchObject({
      kind: 'found',
      account: { id: ids[20] },
    })
    expect(counting.counts.accountFiles).toBe(50)
  })

  it('reports an unreadable file the index says holds the email', async () => {
    const ids = seedFifty()
    writeFileSync(path.join(temp.dir, 'accounts', `${ids[5]}.json`), '{"id": ')
    const counting = createCountingStore(temp.dir)
    expect(await findAccountByEmail(counting.store(temp.dir), 'u5@x.com')).toEqual({
      kind: 'unreadable',
      file: `accounts/${ids[5]}.json`,
    })
    expect(counting.counts.accountFiles).toBe(1)
  })
})
