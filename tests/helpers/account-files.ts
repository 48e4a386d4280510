import { randomUUID } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

export interface SeedAccount {
  email: string
  refreshToken: string
  /** Defaults to an access token that expired an hour ago, so the first request refreshes it. */
  accessToken?: string
  expiryTimestamp?: number
  projectId?: string | null
  extra?: Record<string, unknown>
}

/** Writes account files the way the reference app does, plus the index, as a user's folder would be. */
export function seedAccounts(dataDir: string, accounts: SeedAccount[]): string[] {
  const dir = path.join(dataDir, 'accounts')
  mkdirSync(dir, { recursive: true })
  const now = Math.floor(Date.now() / 1000)
  const ids = accounts.map((account, position) => {
    const id = randomUUID()
    const file = {
      id,
      email: account.email,
      name: account.email.split('@')[0],
      token: {
        access_token: account.accessToken ?? `ya29.stale-${position}`,
        refresh_token: account.refreshToken,
        expires_in: 3599,
        expiry_timestamp: account.expiryTimestamp ?? now - 3600,
        token_type: 'Bearer',
        email: account.email,
        ...(account.projectId === null ? {} : { project_id: account.projectId ?? undefined }),
        is_gcp_tos: false,
      },
      quota: null,
      disabled: false,
      proxy_disabled: false,
      created_at: now - 1000 + position,
      last_used: now - 1000 + position,
      ...account.extra,
    }
    writeFileSync(path.join(dir, `${id}.json`), `${JSON.stringify(file, null, 2)}\n`, {
      mode: 0o600,
    })
    return id
  })
  writeFileSync(
    path.join(dataDir, 'accounts.json'),
    JSON.stringify({
      version: '2.0',
      accounts: accounts.map((account, position) => ({
        id: ids[position],
        email: account.email,
        name: null,
      })),
      current_account_id: ids[0] ?? null,
    }),
  )
  return ids
}

export function readAccountFile(dataDir: string, id: string): Record<string, any> {
  return JSON.parse(readFileSync(path.join(dataDir, 'accounts', `${id}.json`), 'utf8')) as Record<
    string,
    any
  >
}

export function writeAccountFile(dataDir: string, id: string, value: unknown): void {
  writeFileSync(path.join(dataDir, 'accounts', `${id}.json`), `${JSON.stringify(value, null, 2)}\n`)
}
