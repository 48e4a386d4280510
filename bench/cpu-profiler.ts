import { writeFileSync } from 'node:fs'
import { Session } from 'node:inspector'

/**
 * Profiles this process on demand, so a profile holds one cell's load and not the start-up
 * (module loading dwarfs a few seconds of requests). The same format as `node --cpu-prof`.
 */
export function createCpuProfiler(): { start(): Promise<void>; stop(file: string): Promise<void> } {
  const session = new Session()
  session.connect()
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params ?? {}, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    )
  return {
    async start() {
      await post('Profiler.enable')
      await post('Profiler.start')
    },
    async stop(file) {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown }
      writeFileSync(file, JSON.stringify(profile))
    },
  }
}
