/** What a server process spent between two looks: CPU time and its highest resident memory. */
export interface ProcessStats {
  cpuMs: number
  peakRssMb: number
}

const SAMPLE_MS = 100
const mb = (bytes: number): number => bytes / 1024 / 1024

/**
 * Samples this process's RSS every 100 ms; `take()` reports the CPU and the peak RSS since the last
 * `take()` and starts over. A cell's peak is its own, not the whole run's.
 */
export function createProcessStats(): { take(): ProcessStats; stop(): void } {
  let cpu = process.cpuUsage()
  let peak = process.memoryUsage.rss()
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss())
  }, SAMPLE_MS)
  timer.unref()
  return {
    take() {
      const used = process.cpuUsage(cpu)
      cpu = process.cpuUsage()
      const stats = {
        cpuMs: (used.user + used.system) / 1000,
        peakRssMb: mb(Math.max(peak, process.memoryUsage.rss())),
      }
      peak = process.memoryUsage.rss()
      return stats
    },
    stop: () => clearInterval(timer),
  }
}
