import type { RequestHandler } from 'express'
import type { RequestCountsDto } from '../../shared/proxy-status-dto'
import { whenResponseEnds } from './response-end'

export interface RequestCounter {
  readonly middleware: RequestHandler
  counts(): RequestCountsDto
}

/** Counts AI requests by outcome once each response is done, for the app's live counters. */
export function createRequestCounter(onChange: () => void): RequestCounter {
  const counts: RequestCountsDto = { total: 0, succeeded: 0, failed: 0 }
  return {
    middleware: (_req, res, next) => {
      whenResponseEnds(res, (finished) => {
        counts.total++
        if (res.statusCode < 400 && finished) counts.succeeded++
        else counts.failed++
        onChange()
      })
      next()
    },
    counts: () => ({ ...counts }),
  }
}
