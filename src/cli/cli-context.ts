import { resolveDataDir } from '../core'

/** What every command gets: where to write, the environment, and the resolved data folder. */
export interface CliContext {
  env: NodeJS.ProcessEnv
  out(line: string): void
  err(line: string): void
  /** The user's input, when this process has one to read. */
  stdin?(): NodeJS.ReadableStream & { destroy?(): void }
  dataDir(): string
  /** Global flags, read once commander has parsed them. */
  globals(): { dataDir?: string }
}

/** Where a command line's text goes and what it reads: the process's own, or a test's. */
export interface CliIo {
  env: NodeJS.ProcessEnv
  stdout(text: string): void
  stderr(text: string): void
  /** What the user types, read only by commands that ask (a pasted sign-in address). */
  stdin?(): NodeJS.ReadableStream & { destroy?(): void }
}

export function createCliContext(io: CliIo, globals: () => { dataDir?: string }): CliContext {
  return {
    env: io.env,
    out: (line) => io.stdout(`${line}\n`),
    err: (line) => io.stderr(`${line}\n`),
    stdin: io.stdin,
    dataDir: () => resolveDataDir(globals().dataDir, io.env),
    globals,
  }
}
