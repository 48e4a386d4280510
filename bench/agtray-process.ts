/** agtray in its own process, so its CPU time and resident memory are its own. */
import type { BenchAgtrayConfig } from './bench-agtray'
import { startBenchAgtray } from './bench-agtray'
import { serveParent } from './child-ipc'
import { createCpuProfiler } from './cpu-profiler'
import { createProcessStats } from './process-stats'

async function main(): Promise<void> {
  const config = JSON.parse(process.env.BENCH_CHILD_CONFIG ?? '{}') as BenchAgtrayConfig
  const { core, url } = await startBenchAgtray(config)
  const stats = createProcessStats()
  const profiler = createCpuProfiler()
  serveParent(
    { url },
    {
      stats: () => stats.take(),
      'profile-start': () => profiler.start(),
      'profile-stop': (file) => profiler.stop(String(file)),
    },
    () => core.stop(),
  )
}

void main()
