import { resolveDataDir } from '../core'

/** What every command gets: where to write, the environment, and the resolved data folder. */
export interface CliContext {
  env: NodeJS.ProcessEnv
  out(line: string): void
  err(line: string): void
  dataDir(): string
  /** Global flags, read once commander has parsed them. */
  globals(): { dataDir?: string }
}

export function createCliContext(
  env: NodeJS.ProcessEnv,
  globals: () => { dataDir?: string },
): CliContext {
  return {
    env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    dataDir: () => resolveDataDir(globals().dataDir, env),
    globals,
  }
}
