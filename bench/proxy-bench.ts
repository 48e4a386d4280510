/**
 * `npm run bench`: agtray side by side with the two things it sits between, in one run on one
 * machine, so the numbers that matter are ratios: (a) the fake Google called directly, (b) a bare
 * node:http pass-through sending the same Cloud Code call, (c) agtray. Each in its own process.
 * `npm run bench -- --help` lists the flags; results go to bench/results/latest.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Cell } from './bench-cell'
import { measureCell } from './bench-cell'
import type { BenchOptions } from './bench-options'
import { benchUsage, parseBenchOptions } from './bench-options'
import { describeMachine, markdownTable, overallRatio, rowOf } from './bench-report'
import { benchRoutes } from './bench-routes'
import { startBenchWorld } from './bench-world'
import { mergeRepeats, targetOrder } from './cell-repeats'
import { measureLoad } from './load-client'

/** Progress goes to stderr: stdout is the table, for pasting. */
const progress = (line: string) => process.stderr.write(`${line}\n`)

async function runProxyBench(options: BenchOptions): Promise<void> {
  const started = Date.now()
  const routes = benchRoutes(options.bodies).filter(
    (route) => options.routes.length === 0 || options.routes.includes(route.id),
  )
  if (routes.length === 0) throw new Error(`No route matches --routes ${options.routes.join(',')}`)
  const world = await startBenchWorld(options)
  const cells: Cell[] = []
  try {
    await world.prepare(routes)
    for (const route of routes) {
      // Each target serves the route a while before its first cell, so the JIT has settled.
      if (options.warmupS > 0)
        for (const target of world.targets)
          await measureLoad(target.request(route), 16, { durationS: options.warmupS })
      for (const connections of options.connections) {
        const repeats: Cell[] = []
        for (let index = 0; index < options.repeat; index++)
          repeats.push(
            await measureCell(
              targetOrder(world.targets, index),
              route,
              connections,
              { load: { durationS: options.durationS }, firstEventMs: options.firstEventMs },
              world.takeUpstreamConnections,
            ),
          )
        const cell = mergeRepeats(repeats)
        cells.push(cell)
        const row = rowOf(cell)
        progress(
          `${route.id} ×${connections}: agtray ${row.targets.agtray?.requestsPerSecond ?? '–'} req/s, ` +
            `${row.agtrayToPassThrough ?? '–'}× the pass-through` +
            (row.agtrayToBaseline === null ? '' : `, ${row.agtrayToBaseline}× the baseline`) +
            `, p50 +${row.targets.agtray?.addedP50Ms ?? '–'} ms`,
        )
      }
    }
  } finally {
    await world.stop()
  }

  const rows = cells.map(rowOf)
  const machine = describeMachine()
  const results = {
    machine,
    options,
    started: new Date(started).toISOString(),
    seconds: Math.round((Date.now() - started) / 1000),
    agtrayToPassThrough: overallRatio(rows),
    agtrayToBaseline: overallRatio(rows, (row) => row.agtrayToBaseline),
    rows,
    cells,
  }
  mkdirSync(path.dirname(options.outFile), { recursive: true })
  writeFileSync(options.outFile, `${JSON.stringify(results, null, 2)}\n`)

  const errors = rows.reduce((sum, row) => sum + row.errors, 0)
  console.log(
    `agtray proxy bench: ${machine.cpus} cores (${machine.cpuModel}), Node ${machine.node}; ` +
      `fake Google ${options.latencyMs} ms + ${options.chunkGapMs} ms between events; ` +
      `${options.durationS} s per cell${options.repeat > 1 ? ` × ${options.repeat} (medians)` : ''}; ` +
      `${options.bodies} bodies; agtray logger ${options.logger}\n`,
  )
  console.log(markdownTable(rows))
  console.log(
    `\nagtray ÷ pass-through throughput (geometric mean): ${results.agtrayToPassThrough ?? '–'}; ` +
      (results.agtrayToBaseline === null ? '' : `agtray ÷ before: ${results.agtrayToBaseline}; `) +
      `errors: ${errors}; ${results.seconds} s; JSON in ${options.outFile}`,
  )
  if (errors > 0) process.exitCode = 1
}

// ── HOOK(scale-bench) ────────────────────────────────────────────────────────────────────────
// bench/scale-bench.ts (another branch) exports runScaleBench(counts): account-scale rows (start,
// RSS, upsert, list, hand edit seen, one selection at 100 / 1,000 / 10,000 accounts). It is loaded
// only with --scale and only if it exists, so this bench runs without it. The lead wires its table
// here after merging: print what it returns below the proxy table.
const SCALE_COUNTS = [100, 1_000, 10_000]

async function runScaleBenchIfPresent(): Promise<void> {
  const file = path.join(__dirname, 'scale-bench.ts')
  if (!existsSync(file)) {
    progress('--scale: bench/scale-bench.ts is not here yet; skipped')
    return
  }
  // A variable path: this branch compiles without the file; once it exists, errors surface.
  const scale = (await import(pathToFileURL(file).href)) as {
    runScaleBench?: (counts: number[]) => Promise<unknown>
  }
  const table = await scale.runScaleBench?.(SCALE_COUNTS)
  console.log(`\n${typeof table === 'string' ? table : JSON.stringify(table, null, 2)}`)
}
// ── end HOOK(scale-bench) ────────────────────────────────────────────────────────────────────

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv.includes('--help')) {
    console.log(benchUsage)
    return
  }
  const options = parseBenchOptions(argv, process.env)
  await runProxyBench(options)
  if (options.scale) await runScaleBenchIfPresent()
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
