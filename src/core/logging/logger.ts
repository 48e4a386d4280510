import pino from 'pino'
import type { SecretRedactor } from './redact-secrets'
import { createSecretRedactor } from './redact-secrets'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'
export type LogFields = Record<string, unknown>

/** The core's logger. Every message and field goes through the secret redactor first. */
export interface Logger {
  debug(message: string, fields?: LogFields): void
  info(message: string, fields?: LogFields): void
  warn(message: string, fields?: LogFields): void
  error(message: string, fields?: LogFields): void
  readonly redactor: SecretRedactor
}

export interface LoggerOptions {
  level?: LogLevel
  /** Where JSON lines go; defaults to stdout. Several streams are combined with pino.multistream. */
  streams?: pino.StreamEntry[]
  redactor?: SecretRedactor
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info'
  const redactor = options.redactor ?? createSecretRedactor()
  const destination = options.streams?.length
    ? pino.multistream(options.streams)
    : pino.destination(1)
  const base = pino(
    { level, base: undefined, timestamp: pino.stdTimeFunctions.isoTime },
    destination,
  )
  const write =
    (method: LogLevel) =>
    (message: string, fields?: LogFields): void => {
      const safeMessage = redactor.redact(message)
      if (fields) base[method](redactor.redactDeep(fields), safeMessage)
      else base[method](safeMessage)
    }
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    redactor,
  }
}

/** Describes any thrown value as one line of text, without the request config a GaxiosError carries. */
export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message
  if (typeof error === 'string') return error
  try {
    return JSON.stringify(error)
  } catch {
    return String(error)
  }
}
