import { mkdirSync } from 'node:fs'
import path from 'node:path'
import pino from 'pino'
import pretty from 'pino-pretty'
import type { Logger, LogLevel } from '../core'
import { createLogger } from '../core'

/**
 * The server's log: readable lines on stdout for the person watching, JSON lines in
 * `<dataDir>/logs/agtray.log` for later. Both go through the core's secret redaction.
 * Stdout shows each message alone: the messages already say what their fields hold, and the
 * request log's nine fields printed under every AI request doubled the cost of each line.
 */
export function createCliLogger(dataDir: string, level: LogLevel): Logger {
  const console = pretty({
    colorize: process.stdout.isTTY === true,
    sync: true,
    translateTime: 'SYS:HH:MM:ss',
    ignore: 'pid,hostname',
    hideObject: true,
    destination: 1,
  })
  // Account emails and ids are in the log: owner-only, like the rest of the data folder.
  const folder = path.join(dataDir, 'logs')
  mkdirSync(folder, { recursive: true, mode: 0o700 })
  const file = pino.destination({ dest: path.join(folder, 'agtray.log'), mode: 0o600, sync: false })
  return createLogger({
    level,
    streams: [
      { level, stream: console },
      { level, stream: file },
    ],
  })
}

/** One-shot commands keep stdout for their answer: only warnings and errors, on stderr. */
export function createQuietLogger(): Logger {
  const stream = pretty({
    colorize: process.stderr.isTTY === true,
    sync: true,
    ignore: 'pid,hostname,time',
    destination: 2,
  })
  return createLogger({ level: 'warn', streams: [{ level: 'warn', stream }] })
}
