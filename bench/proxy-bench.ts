/**
 * `npm run bench`: agtray side by side with the two things it sits between, in one run on one
 * machine, so the numbers that matter are ratios: (a) the fake Google called directly, (b) a bare
 * node:http pass-through sending the same Cloud Code call, (c) agtray. Each in its own process.
 * `npm run bench -- --help` lists the flags; results go to bench/results/latest.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Cell } from './bench-cell'
import { measureCell } from './bench-cell'
import type { BenchOptions } from './bench-options'
import { benchUsage, parseBenchOptions } from './bench-options'
import { describeMachine, markdownTable, overallRatio, rowOf } from './bench-report'
import { benchRoutes } from './bench-routes'
import { startBenchWorld } from './bench-world'
import { mergeRepeats, targetOrder } from './cell-repeats'
import { measurePickMicros, runScaleBench, scaleTargetMisses } from './scale-bench'
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

/**
 * The account-scale table (bench/scale-bench.ts): `agtray serve` on folders of that many accounts;
 * start, memory, hand edit seen, upsert, list, one selection, against the targets.
 */
async function runScaleTable(counts: number[]): Promise<string[]> {
  progress(`scale: agtray serve on ${counts.join(', ')} accounts`)
  const rows = await runScaleBench(counts)
  const pickUs = await measurePickMicros(10_000)
  const header =
    '| accounts | serving after ms | RSS MB | hand edit seen ms | upsert ms | add ms | list ms | list after upsert ms | one selection µs |'
  const lines = [
    header,
    `|${header
      .split('|')
      .slice(1, -1)
      .map(() => ' --- ')
      .join('|')}|`,
    ...rows.map(
      (row) =>
        `| ${row.accounts} | ${row.servingAfterMs} | ${row.rssMb} | ${row.handEditSeenMs} | ${row.upsertMs} | ${row.addMs} | ${row.listMs} | ${row.listAfterUpsertMs} | ${row.pickUs.toFixed(2)} |`,
    ),
    '',
    `one selection among 10,000 accounts: ${pickUs.toFixed(2)} µs`,
  ]
  console.log(`\n${lines.join('\n')}`)
  const misses = scaleTargetMisses(rows, pickUs)
  for (const miss of misses) console.log(`scale target missed: ${miss}`)
  return misses
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2)
  if (argv.includes('--help')) {
    console.log(benchUsage)
    return
  }
  const options = parseBenchOptions(argv, process.env)
  await runProxyBench(options)
  if (options.scaleCounts.length > 0) await runScaleTable(options.scaleCounts)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
