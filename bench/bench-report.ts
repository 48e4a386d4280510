import os from 'node:os'
import type { Cell, TargetRun } from './bench-cell'
import type { TargetId } from './bench-options'

/** One target's numbers in a cell, with what it adds over calling the fake Google directly. */
export interface TargetFigures {
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  addedP50Ms: number | null
  addedP99Ms: number | null
  /** Streamed routes: time to the first event (p50), and over direct's. */
  firstEventMs: number | null
  firstEventAddedMs: number | null
  cpuMsPerRequest: number | null
  peakRssMb: number | null
  upstreamConnections: number
  errors: number
}

export interface Row {
  route: string
  label: string
  connections: number
  targets: Partial<Record<TargetId, TargetFigures>>
  /** agtray's throughput over the pass-through's: the share of the floor agtray reaches. */
  agtrayToPassThrough: number | null
  /** agtray's throughput over the baseline checkout's (with --baseline). */
  agtrayToBaseline: number | null
  errors: number
}

const round = (value: number | null | undefined, digits = 1): number | null =>
  value === null || value === undefined || !Number.isFinite(value)
    ? null
    : Number(value.toFixed(digits))
const minus = (a: number | null | undefined, b: number | null | undefined): number | null =>
  a === null || a === undefined || b === null || b === undefined ? null : a - b
const ratio = (a: TargetRun | undefined, b: TargetRun | undefined): number | null =>
  a && b && b.load.requestsPerSecond > 0
    ? round(a.load.requestsPerSecond / b.load.requestsPerSecond, 2)
    : null

function figuresOf(run: TargetRun, direct: TargetRun | undefined): TargetFigures {
  return {
    requestsPerSecond: Math.round(run.load.requestsPerSecond),
    p50Ms: run.load.p50Ms,
    p99Ms: run.load.p99Ms,
    addedP50Ms: round(minus(run.load.p50Ms, direct?.load.p50Ms)),
    addedP99Ms: round(minus(run.load.p99Ms, direct?.load.p99Ms)),
    firstEventMs: round(run.firstEvent?.p50Ms),
    firstEventAddedMs: round(minus(run.firstEvent?.p50Ms, direct?.firstEvent?.p50Ms)),
    cpuMsPerRequest: round(run.cpuMsPerRequest, 2),
    peakRssMb: round(run.peakRssMb, 0),
    upstreamConnections: run.upstreamConnections,
    errors: run.load.errors + (run.firstEvent?.errors ?? 0),
  }
}

export function rowOf(cell: Cell): Row {
  const { direct, agtray, baseline } = cell.targets
  const targets: Row['targets'] = {}
  for (const [id, run] of Object.entries(cell.targets) as [TargetId, TargetRun][])
    targets[id] = figuresOf(run, direct)
  return {
    route: cell.route,
    label: cell.label,
    connections: cell.connections,
    targets,
    agtrayToPassThrough: ratio(agtray, cell.targets['pass-through']),
    agtrayToBaseline: ratio(agtray, baseline),
    errors: Object.values(targets).reduce((sum, figures) => sum + figures.errors, 0),
  }
}

const show = (value: number | null | undefined, sign = false): string =>
  value === null || value === undefined ? '–' : `${sign && value >= 0 ? '+' : ''}${value}`

const shortNames: Record<TargetId, string> = {
  direct: 'direct',
  'pass-through': 'pass',
  baseline: 'before',
  agtray: 'agtray',
}

type Column = [title: string, cell: (row: Row) => string]

/** The Markdown table `npm run bench` prints and the README shows. */
export function markdownTable(rows: readonly Row[]): string {
  const present = (['direct', 'pass-through', 'baseline', 'agtray'] as const).filter((id) =>
    rows.some((row) => row.targets[id]),
  )
  /** The targets that are processes of their own: everything but direct. */
  const served = present.filter((id) => id !== 'direct')
  const agtrays = served.filter((id) => id !== 'pass-through')
  const names = (ids: readonly TargetId[], prefix = '') =>
    ids.map((id) => `${prefix}${shortNames[id]}`).join(' · ')
  const each = (row: Row, ids: readonly TargetId[], pick: (f: TargetFigures) => string) =>
    ids.map((id) => (row.targets[id] ? pick(row.targets[id]) : '–')).join(' · ')
  const overDirect = (
    row: Row,
    direct: number | undefined,
    added: (f: TargetFigures) => number | null,
  ) => `${show(direct)} · ${each(row, served, (f) => show(added(f), true))}`
  const columns: Column[] = [
    ['route', (row) => row.label],
    ['conns', (row) => String(row.connections)],
    [`req/s ${names(present)}`, (row) => each(row, present, (f) => show(f.requestsPerSecond))],
    ['agtray ÷ pass', (row) => show(row.agtrayToPassThrough)],
    ...(present.includes('baseline')
      ? [['agtray ÷ before', (row) => show(row.agtrayToBaseline)] satisfies Column]
      : []),
    [
      `p50 ms direct · ${names(served, '+')}`,
      (row) => overDirect(row, row.targets.direct?.p50Ms, (f) => f.addedP50Ms),
    ],
    [
      `p99 ms direct · ${names(served, '+')}`,
      (row) => overDirect(row, row.targets.direct?.p99Ms, (f) => f.addedP99Ms),
    ],
    [
      `1st event +ms ${names(served)}`,
      (row) =>
        row.targets.direct?.firstEventMs === null
          ? '–'
          : each(row, served, (f) => show(f.firstEventAddedMs, true)),
    ],
    [`CPU ms/req ${names(served)}`, (row) => each(row, served, (f) => show(f.cpuMsPerRequest))],
    [`peak RSS MB ${names(agtrays)}`, (row) => each(row, agtrays, (f) => show(f.peakRssMb))],
    [
      `upstream conns ${names(served)}`,
      (row) => each(row, served, (f) => show(f.upstreamConnections)),
    ],
    ['errors', (row) => String(row.errors)],
  ]
  return [
    `| ${columns.map(([title]) => title).join(' | ')} |`,
    `|${columns.map(() => '---').join('|')}|`,
    ...rows.map((row) => `| ${columns.map(([, cell]) => cell(row)).join(' | ')} |`),
  ].join('\n')
}

/** Geometric mean of a ratio over the rows that have it. */
export function overallRatio(
  rows: readonly Row[],
  pick: (row: Row) => number | null = (row) => row.agtrayToPassThrough,
): number | null {
  const ratios = rows.map(pick).filter((value): value is number => !!value)
  if (ratios.length === 0) return null
  return round(Math.exp(ratios.reduce((sum, r) => sum + Math.log(r), 0) / ratios.length), 2)
}

export function describeMachine() {
  const cpus = os.cpus()
  return {
    cpus: os.availableParallelism?.() ?? cpus.length,
    cpuModel: cpus[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  }
}
