import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startBenchAgtray } from '../../bench/bench-agtray'
import type { BenchTarget } from '../../bench/bench-cell'
import { measureCell } from '../../bench/bench-cell'
import type { BenchGoogle } from '../../bench/bench-google'
import { lastUpstreamCall, startBenchGoogle } from '../../bench/bench-google'
import { parseBenchOptions } from '../../bench/bench-options'
import { markdownTable, rowOf } from '../../bench/bench-report'
import { benchRoutes } from '../../bench/bench-routes'
import { mergeRepeats } from '../../bench/cell-repeats'
import type { UpstreamCalls } from '../../bench/bench-targets'
import {
  agtrayTarget,
  directTarget,
  expectAnswer,
  passThroughTarget,
  upstreamCallOf,
} from '../../bench/bench-targets'
import type { PassThrough } from '../../bench/pass-through'
import { startPassThrough } from '../../bench/pass-through'
import { makeTempDir } from '../helpers/temp-dir'

// `npm run bench` runs each of these in its own process; here they share one, on a tiny load:
// this proves the measurements make well-formed rows, never how fast anything is.
let google: BenchGoogle
let pass: PassThrough
let core: { stop(): Promise<void> }
let targets: BenchTarget[]
const temp = makeTempDir('agtray-bench-test-')
const upstream: UpstreamCalls = new Map()

beforeAll(async () => {
  google = await startBenchGoogle({ latencyMs: 1, chunkGapMs: 1, accounts: 1 })
  pass = await startPassThrough(google.fake.url)
  const agtray = await startBenchAgtray({
    dataDir: temp.dir,
    google: {
      url: google.fake.url,
      clientId: google.fake.clientId,
      clientSecret: google.fake.clientSecret,
      users: google.users,
    },
    logger: 'silent',
  })
  core = agtray.core
  targets = [
    directTarget(google.fake.url, upstream),
    passThroughTarget(pass.url),
    agtrayTarget('agtray', agtray.url),
  ]
})

afterAll(async () => {
  await core?.stop()
  await pass?.close()
  await google?.close()
  temp.cleanup()
})

describe('the proxy bench', () => {
  it('measures one streamed cell on every target into a row with ratios and first events', async () => {
    const route = benchRoutes('small').find((item) => item.id === 'openai-chat-stream')!
    await expectAnswer(targets[2]!, route)
    upstream.set(
      route.id,
      upstreamCallOf(route, lastUpstreamCall(google.fake, 'streamGenerateContent')),
    )
    pass.setRoutes(Object.fromEntries(upstream))

    const cell = await measureCell(
      targets,
      route,
      2,
      { load: { amount: 6 }, firstEventMs: 0, firstEventMinRequests: 3 },
      async () => google.takeConnectionsOpened(),
    )
    const row = rowOf(cell)

    for (const id of ['direct', 'pass-through', 'agtray'] as const) {
      const figures = row.targets[id]!
      expect(figures.requestsPerSecond).toBeGreaterThan(0)
      expect(figures.p50Ms).toBeGreaterThanOrEqual(0)
      expect(figures.firstEventMs).toBeGreaterThan(0)
      expect(figures.errors).toBe(0)
    }
    expect(cell.targets.agtray!.load.requests).toBeGreaterThanOrEqual(6)
    expect(cell.targets.agtray!.firstEvent!.requests).toBeGreaterThanOrEqual(3)
    expect(row.agtrayToPassThrough).toBeGreaterThan(0)
    expect(row.targets.agtray!.addedP50Ms).toEqual(expect.any(Number))
    expect(row.targets.agtray!.firstEventAddedMs).toEqual(expect.any(Number))
    // The fake counts the connections it accepts: autocannon's two, on the direct target.
    expect(row.targets.direct!.upstreamConnections).toBe(2)
    expect(row.targets.agtray!.upstreamConnections).toEqual(expect.any(Number))
    expect(row.errors).toBe(0)
    const table = markdownTable([row]).split('\n')
    expect(table).toHaveLength(3)
    expect(table[2]).toContain('OpenAI chat completions (stream) | 2 |')
    // Repeats of a cell merge into one with the same shape (medians, summed counts).
    const merged = rowOf(mergeRepeats([cell, cell, cell]))
    expect(merged.targets.agtray!.requestsPerSecond).toBe(row.targets.agtray!.requestsPerSecond)
    expect(mergeRepeats([cell, cell]).targets.agtray!.load.requests).toBe(
      2 * cell.targets.agtray!.load.requests,
    )
  })

  it('reads its flags, with --quick as a short smoke run', () => {
    const quick = parseBenchOptions(['--quick'], {})
    expect(quick).toMatchObject({ durationS: 1, connections: [8], warmupS: 0, scaleCounts: [100] })
    expect(parseBenchOptions([], {}).scaleCounts).toEqual([100, 1000, 10000])
    expect(parseBenchOptions(['--no-scale'], {}).scaleCounts).toEqual([])
    expect(parseBenchOptions(['--scale', '500,2000'], {}).scaleCounts).toEqual([500, 2000])
    const chosen = parseBenchOptions(['--connections=1,64', '--latency', '50'], {
      BENCH_DURATION: '5',
    })
    expect(chosen).toMatchObject({ durationS: 5, connections: [1, 64], latencyMs: 50 })
    expect(() => parseBenchOptions(['--targets', 'agtray'], {})).toThrow(/direct/)
  })
})
