import type { BenchTarget, Cell, TargetRun } from './bench-cell'
import type { TargetId } from './bench-options'

/**
 * The order targets run in on repeat `index`: as given, then the served ones reversed, so that no
 * target always runs right after another's load (a shared machine drifts within a cell).
 */
export function targetOrder(targets: readonly BenchTarget[], index: number): BenchTarget[] {
  if (index % 2 === 0) return [...targets]
  const direct = targets.filter((target) => target.id === 'direct')
  return [...direct, ...targets.filter((target) => target.id !== 'direct').reverse()]
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1
    ? sorted[middle]!
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2
}
const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0)
const present = <T>(values: readonly (T | null)[]): T[] => values.filter((v): v is T => v !== null)

function mergeRuns(runs: readonly TargetRun[]): TargetRun {
  const events = present(runs.map((run) => run.firstEvent))
  const cpu = present(runs.map((run) => run.cpuMsPerRequest))
  const rss = present(runs.map((run) => run.peakRssMb))
  return {
    load: {
      requests: sum(runs.map((run) => run.load.requests)),
      requestsPerSecond: median(runs.map((run) => run.load.requestsPerSecond)),
      p50Ms: median(runs.map((run) => run.load.p50Ms)),
      p99Ms: median(runs.map((run) => run.load.p99Ms)),
      errors: sum(runs.map((run) => run.load.errors)),
    },
    firstEvent:
      events.length === 0
        ? null
        : {
            requests: sum(events.map((event) => event.requests)),
            p50Ms: median(events.map((event) => event.p50Ms)),
            p99Ms: median(events.map((event) => event.p99Ms)),
            errors: sum(events.map((event) => event.errors)),
          },
    cpuMsPerRequest: cpu.length === 0 ? null : median(cpu),
    peakRssMb: rss.length === 0 ? null : Math.max(...rss),
    upstreamConnections: median(runs.map((run) => run.upstreamConnections)),
  }
}

/** One cell from its repeats: medians of rates and times, sums of counts, the highest RSS. */
export function mergeRepeats(cells: readonly Cell[]): Cell {
  const [first] = cells
  if (!first) throw new Error('no repeats to merge')
  const targets: Cell['targets'] = {}
  for (const id of Object.keys(first.targets) as TargetId[])
    targets[id] = mergeRuns(cells.flatMap((cell) => (cell.targets[id] ? [cell.targets[id]] : [])))
  return { ...first, targets }
}
