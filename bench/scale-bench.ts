/**
 * How agtray copes with many accounts: `agtray serve` (the built CLI, `npm run build` first) on a
 * data folder seeded with N account files, against the fake Google. `runScaleBench(counts)` returns
 * one row per count; run this file directly to print them:
 * `node --import tsx bench/scale-bench.ts 100 1000 5000`.
 */
import type { ChildProcess } from 'node:child_process'
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { createAccountStore } from '../src/core/accounts/account-store'
import { createLogger } from '../src/core/logging/logger'
import { createTokenPool } from '../src/core/pool/token-pool'
import { systemClock } from '../src/core/runtime/clock'
import { settingsSchema } from '../src/core/settings/settings-schema'
import type { FakeGoogle } from '../tests/fakes/google'
import { startFakeGoogle } from '../tests/fakes/google'
import { readAccountFile, seedAccounts, writeAccountFile } from '../tests/helpers/account-files'
import { makeTempDir } from '../tests/helpers/temp-dir'

export interface ScaleRow {
  accounts: number
  /** From spawning `agtray serve` to its "serving on" line. */
  servingAfterMs: number
  /** Resident memory of the server once the steps below have run. */
  rssMb: number
  /** From writing an account file by hand to the pool counting it as proxy-disabled. */
  handEditSeenMs: number
  /** POST /api/accounts for an account that already exists (an upsert by email). */
  upsertMs: number
  /** POST /api/accounts for a new account. */
  addMs: number
  /** GET /api/accounts, median of five. */
  listMs: number
  /** GET /api/accounts sent as soon as an upsert answered (while the server digests its write). */
  listAfterUpsertMs: number
  /** One pool selection (acquire on accounts whose tokens are valid), mean over many. */
  pickUs: number
}

export const scaleTargets = {
  at1000: { servingAfterMs: 1000, upsertMs: 50, listMs: 50, handEditSeenMs: 1000, rssMb: 200 },
  pickUsAt10000: 20,
}

const CLI = path.join(__dirname, '..', 'out', 'cli', 'index.js')
const ADMIN_TOKEN = 'bench-admin-token'

/** `fake` knows the first account, the one re-added by the upsert step. */
function seed(dataDir: string, count: number, fake: FakeGoogle | null): string[] {
  const future = Math.floor(Date.now() / 1000) + 86_400
  return seedAccounts(
    dataDir,
    Array.from({ length: count }, (_, n) => {
      const email = `user${n}@example.com`
      const refreshToken = n === 0 && fake ? fake.addUser({ email }).refreshToken : `1//0seed-${n}`
      return {
        email,
        refreshToken,
        accessToken: `ya29.valid-${n}`,
        expiryTimestamp: future,
        projectId: `proj-${n}`,
      }
    }),
  )
}

function startServer(
  dataDir: string,
  fake: FakeGoogle,
): Promise<{ child: ChildProcess; url: string; ms: number }> {
  const started = performance.now()
  const child = spawn(
    process.execPath,
    [CLI, '--data-dir', dataDir, 'serve', '--port', '0', '--google-base-url', fake.url],
    {
      env: {
        ...process.env,
        AGTRAY_ADMIN_TOKEN: ADMIN_TOKEN,
        AGTRAY_OAUTH_CLIENT_ID: fake.clientId,
        AGTRAY_OAUTH_CLIENT_SECRET: fake.clientSecret,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  return new Promise((resolve, reject) => {
    let out = ''
    let err = ''
    child.stderr?.on('data', (chunk) => (err += String(chunk)))
    child.stdout?.on('data', (chunk) => {
      out += String(chunk)
      const match = /is serving on (http:\/\/\S+)/.exec(out)
      if (match?.[1]) resolve({ child, url: match[1], ms: performance.now() - started })
    })
    child.once('exit', (code) => reject(new Error(`agtray serve exited (${code}): ${err}`)))
  })
}

const rssMbOf = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0)
  return Math.round(kb / 1024)
}

async function timed<T>(task: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now()
  const value = await task()
  return { value, ms: performance.now() - started }
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0

/** Mean time of one pool selection at `count` accounts, in process (no HTTP, no Google). */
export async function measurePickMicros(count: number): Promise<number> {
  const temp = makeTempDir('agtray-scale-pick-')
  try {
    seed(temp.dir, count, null)
    const logger = createLogger({ level: 'error' })
    const pool = createTokenPool({
      store: createAccountStore(temp.dir),
      oauth: {} as never,
      cloudCode: {} as never,
      logger,
      clock: systemClock,
      quotaProtection: () => settingsSchema.parse({}).quota_protection,
      onChange: () => undefined,
    })
    await pool.reload()
    for (let n = 0; n < 10_000; n++) await pool.acquire()
    const rounds = 100_000
    const started = performance.now()
    for (let n = 0; n < rounds; n++) await pool.acquire({ model: 'gemini-2.5-flash' })
    return ((performance.now() - started) * 1000) / rounds
  } finally {
    temp.cleanup()
  }
}

async function benchOne(count: number, fake: FakeGoogle): Promise<ScaleRow> {
  const temp = makeTempDir('agtray-scale-')
  const ids = seed(temp.dir, count, fake)
  const server = await startServer(temp.dir, fake)
  const admin = async (method: string, route: string, body?: unknown): Promise<any> => {
    const response = await fetch(`${server.url}/api${route}`, {
      method,
      headers: {
        authorization: `Bearer ${ADMIN_TOKEN}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (!response.ok) throw new Error(`${method} ${route}: ${response.status}`)
    return response.json()
  }
  try {
    const lists: number[] = []
    for (let n = 0; n < 5; n++) lists.push((await timed(() => admin('GET', '/accounts'))).ms)

    const upserts: number[] = []
    for (let n = 0; n < 3; n++) {
      const refreshToken = fake.mintRefreshToken('user0@example.com')
      upserts.push(
        (await timed(() => admin('POST', '/accounts', { refresh_token: refreshToken }))).ms,
      )
    }
    const afterUpsert: number[] = []
    for (let n = 0; n < 3; n++) {
      await admin('POST', '/accounts', {
        refresh_token: fake.mintRefreshToken('user0@example.com'),
      })
      afterUpsert.push((await timed(() => admin('GET', '/accounts'))).ms)
      await new Promise((resolve) => setTimeout(resolve, 300))
    }
    const newcomer = fake.addUser({ email: 'newcomer@example.com' })
    const add = await timed(() =>
      admin('POST', '/accounts', { refresh_token: newcomer.refreshToken }),
    )

    // Let the watcher settle after the writes above before timing a hand edit.
    await new Promise((resolve) => setTimeout(resolve, 1500))
    const target = ids[Math.floor(count / 2)]!
    const before = (await admin('GET', '/proxy')).counts.proxy_disabled as number
    const edited = readAccountFile(temp.dir, target)
    const editedAt = performance.now()
    writeAccountFile(temp.dir, target, {
      ...edited,
      proxy_disabled: true,
      proxy_disabled_reason: 'edited by hand',
    })
    let handEditSeenMs = Number.NaN
    while (performance.now() - editedAt < 15_000) {
      if ((await admin('GET', '/proxy')).counts.proxy_disabled > before) {
        handEditSeenMs = performance.now() - editedAt
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    return {
      accounts: count,
      servingAfterMs: Math.round(server.ms),
      rssMb: rssMbOf(server.child.pid!),
      handEditSeenMs: Math.round(handEditSeenMs),
      upsertMs: Math.round(median(upserts) * 10) / 10,
      addMs: Math.round(add.ms * 10) / 10,
      listMs: Math.round(median(lists) * 10) / 10,
      listAfterUpsertMs: Math.round(median(afterUpsert) * 10) / 10,
      pickUs: Math.round((await measurePickMicros(count)) * 100) / 100,
    }
  } finally {
    server.child.kill('SIGTERM')
    await new Promise((resolve) => server.child.once('exit', resolve))
    temp.cleanup()
  }
}

export async function runScaleBench(counts: readonly number[]): Promise<ScaleRow[]> {
  const rows: ScaleRow[] = []
  for (const count of counts) {
    const fake = await startFakeGoogle()
    try {
      rows.push(await benchOne(count, fake))
    } finally {
      await fake.close()
    }
  }
  return rows
}

if (require.main === module) {
  const counts = process.argv.slice(2).map(Number).filter(Boolean)
  void (async () => {
    console.table(await runScaleBench(counts.length ? counts : [100, 1000, 5000]))
    console.log(`pick at 10,000 accounts: ${(await measurePickMicros(10_000)).toFixed(2)} µs`)
  })()
}
