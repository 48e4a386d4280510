import type { BenchTarget } from './bench-cell'
import type { TargetId } from './bench-options'
import type { BenchRoute } from './bench-routes'
import type { UpstreamCall } from './pass-through'
import { ROUTE_HEADER } from './pass-through'
import type { ProcessStats } from './process-stats'

const json = { 'content-type': 'application/json' }
const noStats = async (): Promise<null> => null

/** The Cloud Code calls agtray made for each route, which direct and the pass-through repeat. */
export type UpstreamCalls = Map<string, UpstreamCall>

const upstreamOf = (calls: UpstreamCalls, route: BenchRoute): UpstreamCall => {
  const call = calls.get(route.id)
  if (!call) throw new Error(`${route.id} was not prepared`)
  return call
}

/** (a) The fake Google called as agtray calls it: the floor of all floors. */
export const directTarget = (googleUrl: string, calls: UpstreamCalls): BenchTarget => ({
  id: 'direct',
  request: (route) => {
    const call = upstreamOf(calls, route)
    return {
      url: `${googleUrl}${call.path}`,
      headers: { ...json, authorization: call.authorization },
      body: call.body,
    }
  },
  takeStats: noStats,
})

/** (b) The bare pass-through, told the route by a header. */
export const passThroughTarget = (
  url: string,
  takeStats: () => Promise<ProcessStats | null> = noStats,
): BenchTarget => ({
  id: 'pass-through',
  request: (route) => ({
    url: `${url}${route.path}`,
    headers: { ...json, [ROUTE_HEADER]: route.id },
    body: JSON.stringify(route.body),
  }),
  takeStats,
})

/** (c) agtray, or the baseline checkout of it, called as a client calls it. */
export const agtrayTarget = (
  id: Extract<TargetId, 'agtray' | 'baseline'>,
  url: string,
  takeStats: () => Promise<ProcessStats | null> = noStats,
  profile?: BenchTarget['profile'],
): BenchTarget => ({
  id,
  request: (route) => ({
    url: `${url}${route.path}`,
    headers: json,
    body: JSON.stringify(route.body),
  }),
  takeStats,
  profile,
})

/** The Cloud Code call of a route, as agtray last sent it to the fake Google. */
export const upstreamCallOf = (
  route: BenchRoute,
  sent: { body: unknown; authorization: string },
): UpstreamCall => ({
  path: `/v1internal:${route.upstreamMethod}${route.upstreamMethod === 'streamGenerateContent' ? '?alt=sse' : ''}`,
  body: JSON.stringify(sent.body),
  authorization: sent.authorization,
})

/** A bench that measured fast errors would lie: every target must really answer every route. */
export async function expectAnswer(target: BenchTarget, route: BenchRoute): Promise<void> {
  const { url, headers, body } = target.request(route)
  const response = await fetch(url, { method: 'POST', headers, body })
  const text = await response.text()
  if (response.status !== 200 || !route.expect.test(text))
    throw new Error(
      `${target.id} ${route.id}: expected an answer, got ${response.status} ${text.slice(0, 300)}`,
    )
}
