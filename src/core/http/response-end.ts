import type { Response } from 'express'

type EndCallback = (finished: boolean) => void

const CALLBACKS_KEY = 'agtrayResponseEndCallbacks'

/**
 * Runs `callback` once the response is over: sent in full (`finished`), or cut short because the
 * client went away. Every callback of one response shares a single 'close' listener: the proxy
 * and stream pipelines already put several there, and Node warns of a leak past ten.
 */
export function whenResponseEnds(res: Response, callback: EndCallback): void {
  const existing = res.locals[CALLBACKS_KEY] as EndCallback[] | undefined
  if (existing) {
    existing.push(callback)
    return
  }
  const callbacks: EndCallback[] = [callback]
  res.locals[CALLBACKS_KEY] = callbacks
  res.once('close', () => {
    for (const run of callbacks) run(res.writableFinished)
  })
}
