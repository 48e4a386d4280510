import { createWriteStream, mkdirSync } from 'node:fs'
import path from 'node:path'
import type { Logger } from '../core'
import { createLogger } from '../core'

/**
 * The app's log: JSON lines in `<dataDir>/logs/agtray.log` (the same file `agtray serve` writes:
 * the data folder lock lets only one of them run), and on stdout when started from a terminal.
 */
export function createDesktopLogger(dataDir: string): Logger {
  const streams: { stream: NodeJS.WritableStream }[] = []
  if (process.stdout.isTTY) streams.push({ stream: process.stdout })
  try {
    const folder = path.join(dataDir, 'logs')
    mkdirSync(folder, { recursive: true, mode: 0o700 })
    const file = createWriteStream(path.join(folder, 'agtray.log'), { flags: 'a', mode: 0o600 })
    // A log that cannot be written must not take the app down with an unhandled 'error'.
    file.on('error', () => undefined)
    streams.push({ stream: file })
  } catch {
    // The core reports an unusable data folder itself when it starts.
  }
  return createLogger({ streams })
}
