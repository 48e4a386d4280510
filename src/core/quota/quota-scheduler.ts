import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { Timers } from '../runtime/timers'

export interface QuotaScheduler {
  /** Arms the first run one interval from now (the accounts were just checked when added). */
  start(): void
  /** The interval setting changed: the next run is one new interval from now. */
  reschedule(): void
  stop(): void
}

/**
 * Runs the quota refresh of all accounts every interval while the server runs. The next run is
 * armed when one ends, so runs never overlap however slow Google is; `intervalMs()` null means
 * the setting is off.
 */
export function createQuotaScheduler(deps: {
  timers: Timers
  intervalMs(): number | null
  run(): Promise<unknown>
  logger: Logger
}): QuotaScheduler {
  let cancel: (() => void) | null = null
  let running = false
  let active = false

  const arm = (): void => {
    cancel?.()
    cancel = null
    const interval = deps.intervalMs()
    if (!active || interval === null || running) return
    cancel = deps.timers.after(interval, () => {
      cancel = null
      running = true
      deps
        .run()
        .catch((error: unknown) =>
          deps.logger.error(`The scheduled quota refresh failed: ${describeError(error)}`),
        )
        .finally(() => {
          running = false
          arm()
        })
    })
  }

  return {
    start() {
      active = true
      arm()
    },
    reschedule: arm,
    stop() {
      active = false
      cancel?.()
      cancel = null
    },
  }
}
