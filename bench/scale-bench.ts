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
  /** GET /api/accounts. */
  listMs: number
  /** GET /api/accounts sent as soon as an upsert answered (while the server digests its write). */
  listAfterUpsertMs: number
  /** One pool selection (acquire on accounts whose tokens are valid), mean over many. */
  pickUs: number
}

/** What the row for 1,000 accounts must stay under, and one selection at 10,000. */
export const scaleTargets = {
  at1000: { servingAfterMs: 1000, upsertMs: 50, listMs: 50, handEditSeenMs: 1000, rssMb: 200 },
  pickUsAt10000: 20,
} as const

/** The targets a run missed, as readable lines (empty when none). */
export function scaleTargetMisses(rows: readonly ScaleRow[], pickUsAt10000: number): string[] {
  const misses: string[] = []
  const row = rows.find((item) => item.accounts === 1000)
  for (const [key, limit] of Object.entries(scaleTargets.at1000)) {
    const value = row?.[key as keyof ScaleRow]
    if (value !== undefined && !(value <= limit))
      misses.push(`${key} at 1,000: ${value} > ${limit}`)
  }
  if (!(pickUsAt10000 <= scaleTargets.pickUsAt10000))
    misses.push(`pick at 10,000: ${pickUsAt10000} µs > ${scaleTargets.pickUsAt10000}`)
  return misses
}

const CLI = process.env.AGTRAY_BENCH_CLI ?? path.join(__dirname, '..', 'out', 'cli', 'index.js')
const ADMIN_TOKEN = 'bench-admin-token'

/**
 * `fake` knows the first account, the one re-added by the upsert step; `proxyDisabledShare` of the
 * others are taken out of the proxy (for selection among many skipped accounts).
 */
function seed(
  dataDir: string,
  count: number,
  fake: FakeGoogle | null,
  proxyDisabledShare = 0,
): string[] {
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
        extra: n % 10 < proxyDisabledShare * 10 && n > 0 ? { proxy_disabled: true } : {},
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
export async function measurePickMicros(count: number, proxyDisabledShare = 0): Promise<number> {
  const temp = makeTempDir('agtray-scale-pick-')
  try {
    seed(temp.dir, count, null, proxyDisabledShare)
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const round = (value: number, digits = 1) => Math.round(value * 10 ** digits) / 10 ** digits

/** Steps are repeated and the median kept: the machines these run on are shared and noisy. */
async function benchOne(count: number, fake: FakeGoogle): Promise<ScaleRow> {
  const temp = makeTempDir('agtray-scale-')
  const ids = seed(temp.dir, count, fake)
  const starts: number[] = []
  for (let n = 0; n < 2; n++) {
    const warm = await startServer(temp.dir, fake)
    starts.push(warm.ms)
    warm.child.kill('SIGTERM')
    await new Promise((resolve) => warm.child.once('exit', resolve))
  }
  const server = await startServer(temp.dir, fake)
  starts.push(server.ms)
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
  const reAdd = () =>
    admin('POST', '/accounts', { refresh_token: fake.mintRefreshToken('user0@example.com') })
  try {
    const lists: number[] = []
    for (let n = 0; n < 9; n++) lists.push((await timed(() => admin('GET', '/accounts'))).ms)

    const upserts: number[] = []
    for (let n = 0; n < 9; n++) {
      upserts.push((await timed(reAdd)).ms)
      // Each upsert alone: the watcher's answer to the previous write is not part of the next.
      await sleep(300)
    }
    const afterUpsert: number[] = []
    for (let n = 0; n < 5; n++) {
      await reAdd()
      afterUpsert.push((await timed(() => admin('GET', '/accounts'))).ms)
      await sleep(300)
    }
    const adds: number[] = []
    for (let n = 0; n < 3; n++) {
      const newcomer = fake.addUser({ email: `newcomer${n}@example.com` })
      adds.push(
        (await timed(() => admin('POST', '/accounts', { refresh_token: newcomer.refreshToken })))
          .ms,
      )
      await sleep(300)
    }

    const edits: number[] = []
    for (let n = 0; n < 3; n++) {
      // Let the watcher settle after the writes above before timing a hand edit.
      await sleep(1000)
      const target = ids[Math.floor((count * (n + 1)) / 4)]!
      const before = (await admin('GET', '/proxy')).counts.proxy_disabled as number
      const edited = readAccountFile(temp.dir, target)
      const editedAt = performance.now()
      writeAccountFile(temp.dir, target, {
        ...edited,
        proxy_disabled: true,
        proxy_disabled_reason: 'edited by hand',
      })
      let seenAfter = Number.NaN
      while (performance.now() - editedAt < 15_000) {
        if ((await admin('GET', '/proxy')).counts.proxy_disabled > before) {
          seenAfter = performance.now() - editedAt
          break
        }
        await sleep(10)
      }
      edits.push(seenAfter)
    }
    return {
      accounts: count,
      servingAfterMs: Math.round(median(starts)),
      rssMb: rssMbOf(server.child.pid!),
      handEditSeenMs: Math.round(median(edits)),
      upsertMs: round(median(upserts)),
      addMs: round(median(adds)),
      listMs: round(median(lists)),
      listAfterUpsertMs: round(median(afterUpsert)),
      pickUs: round(await measurePickMicros(count), 2),
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
    const rows = await runScaleBench(counts.length ? counts : [100, 1000, 5000])
    console.table(rows)
    const all = await measurePickMicros(10_000)
    const fewLeft = await measurePickMicros(10_000, 0.9)
    console.log(`pick at 10,000 accounts: ${all.toFixed(2)} µs`)
    console.log(`pick at 10,000 accounts, 90% out of the proxy: ${fewLeft.toFixed(2)} µs`)
    const misses = scaleTargetMisses(rows, all)
    for (const miss of misses) console.log(`MISS ${miss}`)
    process.exitCode = misses.length > 0 ? 1 : 0
  })()
}
