import type { Response } from 'express'

/** What serving one client request took upstream, for its log line. Never a token. */
export interface UpstreamTrace {
  /** The Cloud Code model, after routing; null when the request never got that far. */
  model: string | null
  /** The account that made the last attempt. */
  accountId: string | null
  email: string | null
  /** Calls to Cloud Code, one per account tried (a refused token retried counts twice). */
  attempts: number
}

const TRACE_KEY = 'agtrayUpstreamTrace'

/** The request's trace, kept on `res.locals` so the log middleware reads what the forwarder wrote. */
export function upstreamTraceOf(res: Response): UpstreamTrace {
  const existing = res.locals[TRACE_KEY] as UpstreamTrace | undefined
  if (existing) return existing
  const trace: UpstreamTrace = { model: null, accountId: null, email: null, attempts: 0 }
  res.locals[TRACE_KEY] = trace
  return trace
}
