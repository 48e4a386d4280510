/**
 * `npm run bench`: throughput, latency and memory of the proxy path (client → agtray → Cloud Code),
 * with the fake Google in a child process so the two do not share a CPU. Exits non-zero when a
 * target is missed. Targets are for the project's 2-core machines.
 */
import { fork } from 'node:child_process'
import path from 'node:path'
import autocannon from 'autocannon'
import { createCore } from '../src/core'
import { createLogger } from '../src/core/logging/logger'
import { seedAccounts } from '../tests/helpers/account-files'
import { makeTempDir } from '../tests/helpers/temp-dir'

const targets = {
  /** Non-streamed generateContent through the proxy. */
  minRequestsPerSecond: 400,
  maxP99Ms: 150,
  /** Heap growth after 20 s of traffic and a GC: a leak shows as steady growth. */
  maxHeapGrowthMb: 40,
}

interface FakeInfo {
  url: string
  clientId: string
  clientSecret: string
  users: { email: string; refreshToken: string }[]
}

function startFakeInChild(): Promise<{ info: FakeInfo; stop(): void }> {
  const child = fork(path.join(__dirname, 'fake-google-process.ts'), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  })
  return new Promise((resolve, reject) => {
    child.once('message', (info) => resolve({ info: info as FakeInfo, stop: () => child.kill() }))
    child.once('exit', (code) => reject(new Error(`fake Google exited (${code})`)))
  })
}

async function run(url: string, duration: number, stream: boolean): Promise<autocannon.Result> {
  return autocannon({
    url: `${url}/v1beta/models/gemini-2.5-flash:${stream ? 'streamGenerateContent?alt=sse' : 'generateContent'}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hello' }] }] }),
    connections: 20,
    duration,
  })
}

async function main(): Promise<void> {
  const fake = await startFakeInChild()
  const temp = makeTempDir('agtray-bench-')
  seedAccounts(
    temp.dir,
    fake.info.users.map((user, n) => ({
      email: user.email,
      refreshToken: user.refreshToken,
      projectId: `proj-${n}`,
    })),
  )
  const core = createCore({
    dataDir: temp.dir,
    env: {
      AGTRAY_OAUTH_CLIENT_ID: fake.info.clientId,
      AGTRAY_OAUTH_CLIENT_SECRET: fake.info.clientSecret,
    },
    overrides: { host: '127.0.0.1', port: 0, googleBaseUrl: fake.info.url },
    logger: createLogger({ level: 'error' }),
    proxyEnabledAtStart: true,
  })
  const { url } = await core.start()
  let failed = false
  try {
    await run(url, 2, false) // warm-up: refreshes every account once
    global.gc?.()
    const heapBefore = process.memoryUsage().heapUsed
    const plain = await run(url, 10, false)
    const streamed = await run(url, 10, true)
    global.gc?.()
    const heapGrowthMb = (process.memoryUsage().heapUsed - heapBefore) / 1024 / 1024
    const report = [
      [
        'generateContent req/s',
        plain.requests.average,
        `>= ${targets.minRequestsPerSecond}`,
        plain.requests.average >= targets.minRequestsPerSecond,
      ],
      [
        'generateContent p99 ms',
        plain.latency.p99,
        `<= ${targets.maxP99Ms}`,
        plain.latency.p99 <= targets.maxP99Ms,
      ],
      ['streamGenerateContent req/s', streamed.requests.average, '(reported)', true],
      [
        'streamGenerateContent p99 ms',
        streamed.latency.p99,
        `<= ${targets.maxP99Ms}`,
        streamed.latency.p99 <= targets.maxP99Ms,
      ],
      [
        'errors + non-2xx',
        plain.errors + plain.non2xx + streamed.errors + streamed.non2xx,
        '= 0',
        plain.errors + plain.non2xx + streamed.errors + streamed.non2xx === 0,
      ],
      [
        'heap growth MB',
        Number(heapGrowthMb.toFixed(1)),
        `<= ${targets.maxHeapGrowthMb}`,
        global.gc ? heapGrowthMb <= targets.maxHeapGrowthMb : true,
      ],
    ] as const
    for (const [name, value, target, ok] of report) {
      console.log(
        `${ok ? 'ok  ' : 'MISS'} ${name.padEnd(30)} ${String(value).padStart(10)}  target ${target}`,
      )
      if (!ok) failed = true
    }
    if (!global.gc) console.log('(run with --expose-gc for the heap check)')
  } finally {
    await core.stop()
    fake.stop()
    temp.cleanup()
  }
  process.exitCode = failed ? 1 : 0
}

void main()
