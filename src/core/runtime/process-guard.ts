import type { Logger } from '../logging/logger'

/**
 * The last line of defence of a long-running agtray process: an exception that escaped every
 * request's own handling (a library calling back outside any request) is logged with its stack,
 * and the server keeps serving the other requests and accounts instead of exiting.
 * Returns the function that removes the guard.
 */
export function guardProcess(logger: Logger): () => void {
  const onException = (error: unknown): void => {
    logger.error(`Unexpected error, agtray keeps running: ${stackOf(error)}`)
  }
  const onRejection = (reason: unknown): void => {
    logger.error(`Unhandled promise rejection, agtray keeps running: ${stackOf(reason)}`)
  }
  process.on('uncaughtException', onException)
  process.on('unhandledRejection', onRejection)
  return () => {
    process.off('uncaughtException', onException)
    process.off('unhandledRejection', onRejection)
  }
}

const stackOf = (error: unknown): string =>
  error instanceof Error ? (error.stack ?? error.message) : String(error)
