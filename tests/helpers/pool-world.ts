import type { AccountStore } from '../../src/core/accounts/account-store'
import { createAccountStore } from '../../src/core/accounts/account-store'
import type { TokenPool } from '../../src/core/pool/token-pool'
import { createTokenPool } from '../../src/core/pool/token-pool'
import type {
  QuotaProtectionSettings,
  SchedulingSettings,
} from '../../src/core/settings/settings-schema'
import { settingsSchema } from '../../src/core/settings/settings-schema'
import { seedAccounts } from './account-files'
import type { MemoryLogger } from './memory-logger'
import { createMemoryLogger } from './memory-logger'

export interface PoolAccountSeed {
  email: string
  tier?: string
  /** Remaining percentages by quota model name; no quota at all when left out. */
  quota?: Record<string, number>
  extra?: Record<string, unknown>
}

export interface PoolWorld {
  pool: TokenPool
  store: AccountStore
  ids: string[]
  logger: MemoryLogger
  /** The settings the pool reads on every acquire; change them and call pool.reconsider(). */
  settings: { protection: QuotaProtectionSettings; scheduling: SchedulingSettings }
  now: { ms: number }
  /** How many times the pool wrote an account file. */
  writes(): number
  /** The random the pool draws from; tests swap it. */
  random: { next: () => number }
}

/** The quota block the quota fetcher stores in an account file. */
export function quotaBlock(tier: string | undefined, models: Record<string, number>) {
  return {
    models: Object.entries(models).map(([name, percentage]) => ({
      name,
      percentage,
      reset_time: null,
    })),
    last_updated: 1,
    subscription_tier: tier ?? null,
  }
}

/**
 * A real pool on real account files whose tokens are valid and whose project ids are known, so
 * acquiring never calls Google: selection alone is under test.
 */
export async function openPoolWorld(
  dir: string,
  accounts: PoolAccountSeed[],
  options: {
    protection?: Partial<QuotaProtectionSettings>
    scheduling?: Partial<SchedulingSettings>
  } = {},
): Promise<PoolWorld> {
  const now = { ms: 1_800_000_000_000 }
  const valid = Math.floor(now.ms / 1000) + 86_400
  const ids = seedAccounts(
    dir,
    accounts.map((account, n) => ({
      email: account.email,
      refreshToken: `1//seed-${n}`,
      accessToken: `ya29.valid-${n}`,
      expiryTimestamp: valid,
      projectId: `proj-${n}`,
      extra: {
        ...(account.quota || account.tier
          ? { quota: quotaBlock(account.tier, account.quota ?? {}) }
          : {}),
        ...account.extra,
      },
    })),
  )
  const defaults = settingsSchema.parse({})
  const settings = {
    protection: { ...defaults.quota_protection, ...options.protection },
    scheduling: { ...defaults.scheduling, ...options.scheduling },
  }
  const real = createAccountStore(dir)
  let writes = 0
  const store: AccountStore = {
    ...real,
    update: async (id, change) => {
      let wrote = false
      const result = await real.update(id, (account) => {
        const next = change(account)
        wrote = next !== null
        return next
      })
      if (wrote) writes++
      return result
    },
  }
  const logger = createMemoryLogger()
  const random = { next: () => 0 }
  const pool = createTokenPool({
    store,
    oauth: {} as never,
    cloudCode: {} as never,
    logger,
    clock: { now: () => now.ms },
    quotaProtection: () => settings.protection,
    scheduling: () => settings.scheduling,
    random: () => random.next(),
    onChange: () => undefined,
  })
  await pool.reload()
  return { pool, store, ids, logger, settings, now, writes: () => writes, random }
}

/** Which account ids serve `count` acquisitions. */
export async function servedIds(
  pool: TokenPool,
  count: number,
  options: Parameters<TokenPool['acquire']>[0] = {},
): Promise<string[]> {
  const ids: string[] = []
  for (let n = 0; n < count; n++) ids.push((await pool.acquire(options)).accountId)
  return ids
}
