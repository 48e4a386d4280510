import autocannon from 'autocannon'

/** One HTTP call the bench repeats: where, and what it sends. */
export interface BenchRequest {
  url: string
  headers: Record<string, string>
  body: string
}

export interface LoadSample {
  requests: number
  requestsPerSecond: number
  p50Ms: number
  p99Ms: number
  /** Connection errors, timeouts and non-2xx answers. */
  errors: number
}

export type LoadLength = { durationS: number } | { amount: number }

/** Closed-loop load with autocannon: `connections` clients, each sending again once answered. */
export async function measureLoad(
  request: BenchRequest,
  connections: number,
  length: LoadLength,
): Promise<LoadSample> {
  const result = await autocannon({
    url: request.url,
    method: 'POST',
    headers: request.headers,
    body: request.body,
    connections,
    ...('amount' in length ? { amount: length.amount } : { duration: length.durationS }),
    timeout: 30,
  })
  const requests = result.requests.total
  return {
    requests,
    requestsPerSecond: result.duration > 0 ? requests / result.duration : 0,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.non2xx,
  }
}
