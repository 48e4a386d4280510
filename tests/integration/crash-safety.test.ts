import { spawn } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parseAccountFile } from '../../src/core/accounts/account-schema'
import { parseIndex } from '../../src/core/accounts/account-index'
import { createAccountStore } from '../../src/core/accounts/account-store'
import { seedAccounts } from '../helpers/account-files'
import { bundleChild } from '../helpers/bundled-child'
import { makeTempDir } from '../helpers/temp-dir'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

const ROUNDS = 12
const ACCOUNTS = 6

function stormUntilKilled(script: string, dataDir: string, killAfterMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    // The writer bundled once for all rounds: a tsx start per round costs a second each.
    const child = spawn(process.execPath, [script, dataDir], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (chunk) => (stderr += String(chunk)))
    child.stdout.on('data', (chunk) => {
      if (String(chunk).includes('storming')) setTimeout(() => child.kill('SIGKILL'), killAfterMs)
    })
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve()
      else reject(new Error(`the storm ended by itself (${code}): ${stderr}`))
    })
  })
}

describe('crash safety', () => {
  it('keeps every account file whole and every account present when killed mid-write, many times', async () => {
    const ids = seedAccounts(
      temp.dir,
      Array.from({ length: ACCOUNTS }, (_, n) => ({
        email: `user${n}@example.com`,
        refreshToken: `1//0seed-${n}`,
        projectId: `p${n}`,
      })),
    )
    const script = bundleChild(path.join(__dirname, '../helpers/write-storm-child.ts'), temp.dir)
    for (let round = 0; round < ROUNDS; round++) {
      await stormUntilKilled(script, temp.dir, 5 + ((round * 37) % 120))
      const files = readdirSync(path.join(temp.dir, 'accounts')).filter((name) =>
        name.endsWith('.json'),
      )
      expect(files.sort()).toEqual(ids.map((id) => `${id}.json`).sort())
      for (const id of ids) {
        const parsed = parseAccountFile(
          readFileSync(path.join(temp.dir, 'accounts', `${id}.json`), 'utf8'),
          id,
        )
        expect(parsed.ok, `round ${round}: ${id}`).toBe(true)
      }
      const index = parseIndex(readFileSync(path.join(temp.dir, 'accounts.json'), 'utf8'))
      expect(index.kind).toBe('ok')
      if (index.kind === 'ok')
        expect(index.index.accounts.map((entry) => entry.id).sort()).toEqual([...ids].sort())
    }
    // A kill mid-write may leave write-file-atomic's temporary files; the next owner removes them.
    await createAccountStore(temp.dir).removeLeftoverTempFiles()
    const leftovers = [
      ...readdirSync(temp.dir),
      ...readdirSync(path.join(temp.dir, 'accounts')),
    ].filter((name) => /\.json\.\d+$/.test(name))
    expect(leftovers).toEqual([])
  }, 120_000)
})
