import path from 'node:path'
import type { AccountFileReader } from '../../src/core/accounts/account-file-reader'
import { nodeAccountFileReader } from '../../src/core/accounts/account-file-reader'
import type { AccountStore } from '../../src/core/accounts/account-store'
import { createAccountStore } from '../../src/core/accounts/account-store'

export interface ReadCounts {
  /** Reads of `accounts/<id>.json` files. */
  accountFiles: number
  /** Listings of the accounts folder (every scan starts with one). */
  listings: number
  index: number
}

/** An account store whose reads are counted, to prove how many files an operation touches. */
export function createCountingStore(dataDir: string): {
  store: (dir: string) => AccountStore
  counts: ReadCounts
  reset(): void
} {
  const accountsDir = path.join(dataDir, 'accounts')
  const counts: ReadCounts = { accountFiles: 0, listings: 0, index: 0 }
  const reader: AccountFileReader = {
    readFile(file) {
      if (path.dirname(file) === accountsDir) counts.accountFiles++
      else if (path.basename(file) === 'accounts.json') counts.index++
      return nodeAccountFileReader.readFile(file)
    },
    readdir(dir) {
      if (dir === accountsDir) counts.listings++
      return nodeAccountFileReader.readdir(dir)
    },
  }
  return {
    store: (dir) => createAccountStore(dir, reader),
    counts,
    reset() {
      counts.accountFiles = 0
      counts.listings = 0
      counts.index = 0
    },
  }
}
