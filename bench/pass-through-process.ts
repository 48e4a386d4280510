/** The bare node:http pass-through in its own process, with its CPU and memory measured. */
import { serveParent } from './child-ipc'
import type { UpstreamCall } from './pass-through'
import { startPassThrough } from './pass-through'
import { createProcessStats } from './process-stats'

async function main(): Promise<void> {
  const { upstreamUrl } = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as {
    upstreamUrl: string
  }
  const server = await startPassThrough(upstreamUrl)
  const stats = createProcessStats()
  serveParent(
    { url: server.url },
    {
      routes: (routes) => server.setRoutes(routes as Record<string, UpstreamCall>),
      stats: () => stats.take(),
    },
    () => server.close(),
  )
}

void main()
