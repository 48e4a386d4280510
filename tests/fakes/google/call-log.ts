import type { IncomingHttpHeaders } from 'node:http'
import type { FakeCall, FakeEndpoint } from './types'

/** Every request the fake recognised, in arrival order; entries are filled in as handling goes. */
export interface CallLog {
  start(endpoint: FakeEndpoint, headers: IncomingHttpHeaders): FakeCall
  all(): FakeCall[]
  reset(): void
}

export function createCallLog(): CallLog {
  let calls: FakeCall[] = []
  return {
    start(endpoint, headers) {
      const call: FakeCall = { endpoint, status: 0, at: Date.now(), headers: { ...headers } }
      calls.push(call)
      return call
    },
    all: () => [...calls],
    reset() {
      // A new array, so requests still in flight fill in entries nobody can see any more.
      calls = []
    },
  }
}
