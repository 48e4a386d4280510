import type { TargetId } from './bench-options'
import type { BenchRoute } from './bench-routes'
import type { FirstEventSample } from './first-event-client'
import { measureFirstEvent } from './first-event-client'
import type { BenchRequest, LoadLength, LoadSample } from './load-client'
import { measureLoad } from './load-client'
import type { ProcessStats } from './process-stats'

/** One way to serve a bench route: straight to the fake Google, the pass-through, or agtray. */
export interface BenchTarget {
  id: TargetId
  request(route: BenchRoute): BenchRequest
  /** CPU and peak RSS of the serving process since the last call; null for direct. */
  takeStats(): Promise<ProcessStats | null>
  /** Set when this target's process is to be CPU-profiled: one profile per cell. */
  profile?: { start(): Promise<void>; stop(name: string): Promise<void> }
}

export interface TargetRun {
  load: LoadSample
  /** Streamed routes only. */
  firstEvent: FirstEventSample | null
  cpuMsPerRequest: number | null
  peakRssMb: number | null
  /** Connections the fake Google accepted during the load. */
  upstreamConnections: number
}

/** One route at one connection count, every target measured back to back. */
export interface Cell {
  route: string
  label: string
  stream: boolean
  connections: number
  targets: Partial<Record<TargetId, TargetRun>>
}

export interface CellLengths {
  load: LoadLength
  firstEventMs: number
  /** The first-event client sends at least this many requests per target. */
  firstEventMinRequests?: number
}

export async function measureCell(
  targets: readonly BenchTarget[],
  route: BenchRoute,
  connections: number,
  lengths: CellLengths,
  takeUpstreamConnections: () => Promise<number>,
): Promise<Cell> {
  const cell: Cell = {
    route: route.id,
    label: route.label,
    stream: route.stream,
    connections,
    targets: {},
  }
  for (const target of targets) {
    const request = target.request(route)
    await target.takeStats()
    await takeUpstreamConnections()
    await target.profile?.start()
    const load = await measureLoad(request, connections, lengths.load)
    await target.profile?.stop(`${route.id}-${connections}`)
    const stats = await target.takeStats()
    const upstreamConnections = await takeUpstreamConnections()
    const firstEvent = route.stream
      ? await measureFirstEvent(
          request,
          connections,
          lengths.firstEventMs,
          lengths.firstEventMinRequests,
        )
      : null
    cell.targets[target.id] = {
      load,
      firstEvent,
      cpuMsPerRequest: stats && load.requests > 0 ? stats.cpuMs / load.requests : null,
      peakRssMb: stats?.peakRssMb ?? null,
      upstreamConnections,
    }
  }
  return cell
}
