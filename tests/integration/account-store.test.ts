import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { buildToken, newAccountFile, setProxyDisabled } from '../../src/core/accounts/account-rules'
import { createAccountStore } from '../../src/core/accounts/account-store'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { makeTempDir } from '../helpers/temp-dir'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

const fresh = (id: string, email: string) =>
  newAccountFile({
    id,
    email,
    name: null,
    token: buildToken(
      { access_token: 'ya29.a', refresh_token: `1//${id}`, expires_in: 3599 },
      email,
      1,
    ),
    nowSeconds: 1,
  })

describe('account store', () => {
  it('writes account files with mode 0600 and the reference key order', async () => {
    const store = createAccountStore(temp.dir)
    await store.create(fresh('a1', 'a@x.com'))
    const file = path.join(temp.dir, 'accounts', 'a1.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')))).toEqual([
      'id',
      'email',
      'name',
      'token',
      'quota',
      'disabled',
      'proxy_disabled',
      'created_at',
      'last_used',
    ])
  })

  it('keeps fields it does not know when it rewrites a file', async () => {
    const [id] = seedAccounts(temp.dir, [
      {
        email: 'a@x.com',
        refreshToken: '1//a',
        extra: { custom_label: 'work', device_history: [{ id: 'd1' }] },
      },
    ])
    const store = createAccountStore(temp.dir)
    await store.update(id!, (account) => setProxyDisabled(account, true, 'mine', 5))
    const written = readAccountFile(temp.dir, id!)
    expect(written.custom_label).toBe('work')
    expect(written.device_history).toEqual([{ id: 'd1' }])
    expect(written.token.is_gcp_tos).toBe(false)
    expect(written.proxy_disabled).toBe(true)
  })

  it('serialises concurrent read-modify-writes of one file: no update is lost', async () => {
    const [id] = seedAccounts(temp.dir, [{ email: 'a@x.com', refreshToken: '1//a' }])
    const store = createAccountStore(temp.dir)
    await Promise.all(
      Array.from({ length: 40 }, (_, n) =>
        store.update(id!, (account) => ({
          ...account,
          counter: ((account.counter as number) ?? 0) + 1,
          [`k${n}`]: n,
        })),
      ),
    )
    const written = readAccountFile(temp.dir, id!)
    expect(written.counter).toBe(40)
    expect(Object.keys(written).filter((key) => key.startsWith('k'))).toHaveLength(40)
    // No temporary file is left behind.
    expect(readdirSync(path.join(temp.dir, 'accounts'))).toEqual([`${id}.json`])
  })

  it('reports a corrupt file, never rewrites it, and still reads the others', async () => {
    const [good, bad] = seedAccounts(temp.dir, [
      { email: 'good@x.com', refreshToken: '1//g' },
      { email: 'bad@x.com', refreshToken: '1//b' },
    ])
    const badFile = path.join(temp.dir, 'accounts', `${bad}.json`)
    writeFileSync(badFile, '{"id": "half-written')
    const before = readFileSync(badFile)
    const store = createAccountStore(temp.dir)
    const scan = await store.scan()
    expect(scan.accounts.map((account) => account.id)).toEqual([good])
    expect(scan.unreadable).toEqual([
      { id: bad, file: badFile, error: expect.stringContaining('not valid JSON') },
    ])
    await expect(store.update(bad!, (account) => account)).rejects.toMatchObject({
      code: 'account_file_unreadable',
    })
    await store.syncIndex(scan)
    expect(readFileSync(badFile).equals(before)).toBe(true)
  })

  it('rebuilds a broken index from the files and keeps the broken one aside', async () => {
    seedAccounts(temp.dir, [
      { email: 'a@x.com', refreshToken: '1//a' },
      { email: 'b@x.com', refreshToken: '1//b' },
    ])
    writeFileSync(path.join(temp.dir, 'accounts.json'), '{"version": "2.0", "accounts": [ garbage')
    const store = createAccountStore(temp.dir)
    const repair = await store.syncIndex(await store.scan())
    expect(repair.index.accounts.map((entry) => entry.email).sort()).toEqual(['a@x.com', 'b@x.com'])
    expect(repair.keptAsideAs).not.toBeNull()
    expect(readFileSync(repair.keptAsideAs!, 'utf8')).toContain('garbage')
    expect(path.basename(repair.keptAsideAs!)).toMatch(/^accounts\.json\.corrupt-\d+-/)
    const rewritten = JSON.parse(readFileSync(path.join(temp.dir, 'accounts.json'), 'utf8'))
    expect(rewritten.accounts).toHaveLength(2)
  })

  it('appends files missing from the index and drops entries without a file', async () => {
    const [a, b] = seedAccounts(temp.dir, [
      { email: 'a@x.com', refreshToken: '1//a' },
      { email: 'b@x.com', refreshToken: '1//b' },
    ])
    writeFileSync(
      path.join(temp.dir, 'accounts.json'),
      JSON.stringify({
        version: '2.0',
        accounts: [
          { id: 'ghost', email: 'ghost@x.com' },
          { id: b, email: 'b@x.com' },
        ],
        current_account_id: 'ghost',
      }),
    )
    const store = createAccountStore(temp.dir)
    const repair = await store.syncIndex(await store.scan())
    expect(repair.index.accounts.map((entry) => entry.id)).toEqual([b, a])
    expect(repair.notes).toHaveLength(2)
    expect(existsSync(path.join(temp.dir, 'accounts', 'ghost.json'))).toBe(false)
  })

  it('refuses ids that could escape the accounts folder', async () => {
    const store = createAccountStore(temp.dir)
    await expect(store.read('../settings')).rejects.toMatchObject({ code: 'invalid_input' })
    await expect(store.remove('a/../../x')).rejects.toMatchObject({ code: 'invalid_input' })
  })
})

describe('leftovers of interrupted writes', () => {
  it('removes write-file-atomic temporary files and nothing else', async () => {
    const [id] = seedAccounts(temp.dir, [{ email: 'a@x.com', refreshToken: '1//a' }])
    writeFileSync(path.join(temp.dir, 'accounts', `${id}.json.3735928559`), '{"half":')
    writeFileSync(path.join(temp.dir, 'accounts.json.12345'), '{')
    writeFileSync(path.join(temp.dir, 'accounts', 'notes.txt'), 'mine')
    const removed = await createAccountStore(temp.dir).removeLeftoverTempFiles()
    expect(removed).toHaveLength(2)
    expect(readdirSync(path.join(temp.dir, 'accounts')).sort()).toEqual(
      [`${id}.json`, 'notes.txt'].sort(),
    )
    expect(existsSync(path.join(temp.dir, 'accounts.json'))).toBe(true)
  })
})

describe('the versions the pool holds', () => {
  it('recognises its own writes, and tells a hand edit of the same size right after apart', async () => {
    const [a, b] = seedAccounts(temp.dir, [
      { email: 'a@x.com', refreshToken: '1//a' },
      { email: 'b@x.com', refreshToken: '1//b' },
    ])
    const store = createAccountStore(temp.dir)
    await store.load()
    expect(await store.reload([a!, b!])).toEqual([])
    const written = await store.update(a!, (account) => setProxyDisabled(account, true, 'mine', 5))
    expect(await store.reload([a!])).toEqual([])
    expect(store.loaded(a!)).toEqual({ kind: 'account', account: written })

    const file = path.join(temp.dir, 'accounts', `${a}.json`)
    writeFileSync(file, readFileSync(file, 'utf8').replace('"mine"', '"hand"'))
    expect(await store.reload([a!])).toEqual([a])
    expect(store.loaded(a!)).toMatchObject({ account: { proxy_disabled_reason: 'hand' } })

    rmSync(path.join(temp.dir, 'accounts', `${b}.json`))
    expect(await store.reload([b!])).toEqual([b])
    expect(store.loaded(b!)).toBeUndefined()
  })

  it('leaves a hand edit it wrote over unseen as news, so the pool still gets it', async () => {
    const [a] = seedAccounts(temp.dir, [{ email: 'a@x.com', refreshToken: '1//a' }])
    const store = createAccountStore(temp.dir)
    await store.load()
    const file = path.join(temp.dir, 'accounts', `${a}.json`)
    writeFileSync(file, JSON.stringify({ ...readAccountFile(temp.dir, a!), name: 'by hand' }))
    await store.update(a!, (account) => setProxyDisabled(account, true, 'mine', 5))
    expect(store.loaded(a!)).toMatchObject({ account: { name: 'a' } })
    expect(await store.reload([a!])).toEqual([a])
    expect(store.loaded(a!)).toMatchObject({ account: { name: 'by hand', proxy_disabled: true } })
  })

  it('tells its own index writes from hand edits of the index', async () => {
    const [a] = seedAccounts(temp.dir, [{ email: 'a@x.com', refreshToken: '1//a' }])
    const store = createAccountStore(temp.dir)
    await store.syncIndex(await store.load())
    expect(await store.indexChanged()).toBe(false)
    await store.upsertIndexEntry(await store.read(a!))
    expect(await store.indexChanged()).toBe(false)
    const indexFile = path.join(temp.dir, 'accounts.json')
    writeFileSync(indexFile, readFileSync(indexFile, 'utf8').replace('"a@x.com"', '"A@x.com"'))
    expect(await store.indexChanged()).toBe(true)
  })

  it('reads every file of a large folder, a bounded number at a time', async () => {
    seedAccounts(
      temp.dir,
      Array.from({ length: 300 }, (_, n) => ({ email: `u${n}@x.com`, refreshToken: `1//${n}` })),
    )
    let open = 0
    let most = 0
    const store = createAccountStore(temp.dir, {
      readdir: (dir) => Promise.resolve(readdirSync(dir)),
      async readFile(file) {
        open++
        most = Math.max(most, open)
        await new Promise((resolve) => setImmediate(resolve))
        open--
        return readFileSync(file, 'utf8')
      },
    })
    expect((await store.load()).accounts).toHaveLength(300)
    expect(most).toBeGreaterThan(1)
    expect(most).toBeLessThanOrEqual(32)
  })
})
