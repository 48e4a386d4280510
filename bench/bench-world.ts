import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { makeTempDir } from '../tests/helpers/temp-dir'
import type { BenchTarget } from './bench-cell'
import type { BenchUser } from './bench-google'
import type { BenchOptions, TargetId } from './bench-options'
import type { BenchRoute } from './bench-routes'
import type { UpstreamCalls } from './bench-targets'
import {
  agtrayTarget,
  directTarget,
  expectAnswer,
  passThroughTarget,
  upstreamCallOf,
} from './bench-targets'
import type { BenchChild } from './child-ipc'
import { forkBenchChild } from './child-ipc'
import type { ProcessStats } from './process-stats'

interface GoogleReady {
  url: string
  clientId: string
  clientSecret: string
  users: BenchUser[]
}

/** The processes a run needs (fake Google, pass-through, agtray…) and the targets they make. */
export interface BenchWorld {
  targets: BenchTarget[]
  takeUpstreamConnections(): Promise<number>
  /** Sends each route once through agtray, copies the Cloud Code call it made, checks answers. */
  prepare(routes: readonly BenchRoute[]): Promise<void>
  stop(): Promise<void>
}

const script = (name: string) => path.join(__dirname, name)

/** The accounts agtray spreads requests over, as a small user's pool. */
const ACCOUNTS = 4

export async function startBenchWorld(options: BenchOptions): Promise<BenchWorld> {
  const temp = makeTempDir('agtray-bench-')
  const started: BenchChild<unknown>[] = []
  const stopAll = async () => {
    for (const child of started.reverse()) await child.stop()
    temp.cleanup()
  }
  const fork = async <Ready>(name: string, config: unknown) => {
    const child = await forkBenchChild<Ready>(script(name), {
      BENCH_CHILD_CONFIG: JSON.stringify(config),
    })
    started.push(child)
    return child
  }
  try {
    const google = await fork<GoogleReady>('fake-google-process.ts', {
      latencyMs: options.latencyMs,
      chunkGapMs: options.chunkGapMs,
      accounts: ACCOUNTS,
    })
    const pass = await fork<{ url: string }>('pass-through-process.ts', {
      upstreamUrl: google.ready.url,
    })
    const startAgtray = async (id: 'agtray' | 'baseline', srcRoot?: string) => {
      const dataDir = path.join(temp.dir, id)
      mkdirSync(dataDir)
      const child = await fork<{ url: string }>('agtray-process.ts', {
        dataDir,
        google: google.ready,
        logger: options.logger,
        srcRoot: srcRoot && path.resolve(srcRoot),
      })
      const profile = options.cpuProfileDir
        ? profileOf(child, options.cpuProfileDir, id)
        : undefined
      return agtrayTarget(id, child.ready.url, statsOf(child), profile)
    }
    const upstream: UpstreamCalls = new Map()
    const direct = directTarget(google.ready.url, upstream)
    const passThrough = passThroughTarget(pass.ready.url, statsOf(pass))
    const baseline = options.baselineDir ? await startAgtray('baseline', options.baselineDir) : null
    const agtray = await startAgtray('agtray', options.agtrayDir ?? undefined)
    const all = [direct, passThrough, ...(baseline ? [baseline] : []), agtray]

    return {
      targets: all.filter((target) => options.targets.includes(target.id)),
      takeUpstreamConnections: async () =>
        (await google.ask<{ connectionsOpened: number }>('stats')).connectionsOpened,
      async prepare(routes) {
        for (const route of routes) {
          // agtray first: its call to Google is what direct and the pass-through then send.
          await expectAnswer(agtray, route)
          const sent = await google.ask<{ body: unknown; authorization: string }>(
            'last-call',
            route.upstreamMethod,
          )
          upstream.set(route.id, upstreamCallOf(route, sent))
        }
        await pass.ask('routes', Object.fromEntries(upstream))
        for (const route of routes)
          for (const target of [direct, passThrough, ...(baseline ? [baseline] : [])])
            await expectAnswer(target, route)
      },
      stop: stopAll,
    }
  } catch (error) {
    await stopAll()
    throw error
  }
}

const statsOf = (child: BenchChild<unknown>) => () => child.ask<ProcessStats>('stats')

function profileOf(child: BenchChild<unknown>, dir: string, id: TargetId) {
  mkdirSync(dir, { recursive: true })
  return {
    start: () => child.ask<void>('profile-start'),
    stop: (name: string) =>
      child.ask<void>('profile-stop', path.resolve(dir, `${id}-${name}.cpuprofile`)),
  }
}
