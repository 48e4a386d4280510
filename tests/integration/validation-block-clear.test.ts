import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createAccountManager } from '../../src/core/accounts/account-manager'
import { createAccountStore } from '../../src/core/accounts/account-store'
import {
  clearValidationBlock,
  markValidationBlocked,
} from '../../src/core/accounts/validation-block'
import type { CloudCodeClient } from '../../src/core/google/cloud-code-client'
import type { GoogleOAuth } from '../../src/core/google/google-oauth'
import { readAccountFile, seedAccounts } from '../helpers/account-files'
import { createMemoryLogger } from '../helpers/memory-logger'
import { makeTempDir } from '../helpers/temp-dir'

let temp: ReturnType<typeof makeTempDir>
beforeEach(() => {
  temp = makeTempDir()
})
afterEach(() => temp.cleanup())

const block = { reason: 'Verify your account to continue.', url: 'https://g.test/verify' }

describe('the verification block in an account file', () => {
  it('keeps when Google first asked while it keeps asking, and is removed whole', () => {
    const account = {
      id: 'a',
      email: 'a@example.com',
      token: { access_token: '', refresh_token: '1//x' },
    }
    const first = markValidationBlocked(account, block, 1000)
    const again = markValidationBlocked(first, block, 1300)
    expect(again).toMatchObject({
      validation_blocked: true,
      validation_blocked_at: 1000,
      validation_blocked_until: 1300 + 600,
      validation_url: 'https://g.test/verify',
    })
    expect(clearValidationBlock(again)).toEqual({ ...account, validation_blocked: false })
    expect(clearValidationBlock(account)).toBeNull()
  })
})

describe('AccountManager.clearValidationBlock (for a quota fetch that succeeded)', () => {
  it('clears the block in the file and hands it to the pool; writes nothing when there is none', async () => {
    const [id] = seedAccounts(temp.dir, [
      {
        email: 'ana@example.com',
        refreshToken: '1//ana',
        extra: {
          validation_blocked: true,
          validation_blocked_reason: block.reason,
          validation_url: block.url,
          validation_blocked_at: 1000,
          validation_blocked_until: 1600,
        },
      },
    ])
    const afterChange = vi.fn(async () => undefined)
    const manager = createAccountManager({
      store: createAccountStore(temp.dir),
      oauth: {} as GoogleOAuth,
      cloudCode: {} as CloudCodeClient,
      logger: createMemoryLogger(),
      clock: { now: () => Date.now() },
      afterChange,
    })
    await manager.clearValidationBlock(id!)
    const file = readAccountFile(temp.dir, id!)
    expect(file.validation_blocked).toBe(false)
    expect(file).not.toHaveProperty('validation_url')
    expect(file.token.refresh_token).toBe('1//ana')
    expect(afterChange).toHaveBeenCalledWith('updated', id, [id])

    await manager.clearValidationBlock(id!)
    expect(afterChange).toHaveBeenCalledTimes(1)
  })
})
