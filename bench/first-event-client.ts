import http from 'node:http'
import { performance } from 'node:perf_hooks'
import type { BenchRequest } from './load-client'

export interface FirstEventSample {
  requests: number
  /** From sending the request to the first bytes of the answer's body (the first event). */
  p50Ms: number
  p99Ms: number
  errors: number
}

export const percentile = (sorted: readonly number[], p: number): number =>
  sorted.length === 0
    ? 0
    : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!

/**
 * Time to the first streamed event, which autocannon cannot see: `connections` keep-alive
 * clients send one request after another for `durationMs` (and at least `minRequests` in all).
 */
export async function measureFirstEvent(
  request: BenchRequest,
  connections: number,
  durationMs: number,
  minRequests = 1,
): Promise<FirstEventSample> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections })
  const times: number[] = []
  let errors = 0
  const until = performance.now() + durationMs
  const body = Buffer.from(request.body)
  const one = () =>
    new Promise<void>((resolve) => {
      const started = performance.now()
      const req = http.request(
        request.url,
        {
          method: 'POST',
          agent,
          headers: { ...request.headers, 'content-length': String(body.length) },
        },
        (res) => {
          let first = true
          if (res.statusCode !== 200) errors++
          res.on('data', () => {
            if (first && res.statusCode === 200) times.push(performance.now() - started)
            first = false
          })
          res.on('end', resolve)
          res.on('error', () => {
            errors++
            resolve()
          })
        },
      )
      req.on('error', () => {
        errors++
        resolve()
      })
      req.end(body)
    })
  const worker = async () => {
    while (performance.now() < until || times.length + errors < minRequests) await one()
  }
  await Promise.all(Array.from({ length: connections }, worker))
  agent.destroy()
  times.sort((a, b) => a - b)
  return {
    requests: times.length + errors,
    p50Ms: percentile(times, 50),
    p99Ms: percentile(times, 99),
    errors,
  }
}
