import { Writable } from 'node:stream'
import type { Logger } from '../../src/core/logging/logger'
import { createLogger } from '../../src/core/logging/logger'

export interface MemoryLogger extends Logger {
  /** Every JSON line written, as written. */
  readonly lines: string[]
  messages(): string[]
}

/** The real logger (with its redaction) writing into memory, for assertions on log lines. */
export function createMemoryLogger(): MemoryLogger {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line.trim()) lines.push(line)
      done()
    },
  })
  const logger = createLogger({ level: 'debug', streams: [{ level: 'debug', stream: sink }] })
  return Object.assign(logger, {
    lines,
    messages: () => lines.map((line) => (JSON.parse(line) as { msg: string }).msg),
  })
}
