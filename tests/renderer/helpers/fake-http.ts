import { vi } from 'vitest'
import type { FetchLike } from '../../../src/renderer/src/transport/http-request'
import type { EventSourceLike } from '../../../src/renderer/src/transport/sse-events'

export interface FakeResponse {
  status?: number
  body?: unknown
}

export interface RecordedRequest {
  url: string
  method: string
  headers: Record<string, string>
  body: unknown
  credentials: RequestCredentials | undefined
}

/** A fetch answering from a function of (method, url), recording each request. */
export function createFakeFetch(
  answer: (method: string, url: string) => FakeResponse = () => ({ body: null }),
): {
  fetch: FetchLike
  requests: RecordedRequest[]
} {
  const requests: RecordedRequest[] = []
  const fetch = vi.fn(async (url: string, init: RequestInit) => {
    const method = init.method ?? 'GET'
    requests.push({
      url,
      method,
      headers: { ...(init.headers as Record<string, string>) },
      body: typeof init.body === 'string' ? (JSON.parse(init.body) as unknown) : undefined,
      credentials: init.credentials,
    })
    const response = answer(method, url)
    const status = response.status ?? 200
    return {
      ok: status >= 200 && status < 300,
      status,
      text: async () => (status === 204 ? '' : JSON.stringify(response.body ?? null)),
    }
  })
  return { fetch: fetch as unknown as FetchLike, requests }
}

export class FakeEventSource implements EventSourceLike {
  readyState = 0
  closed = false
  private listeners = new Map<string, ((event: MessageEvent<string>) => void)[]>()

  constructor(readonly url: string) {}

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener])
  }

  close(): void {
    this.closed = true
    this.readyState = 2
  }

  /** The server sends `event: <type>` with this JSON as data. */
  send(type: string, data: unknown): void {
    this.readyState = 1
    for (const listener of this.listeners.get(type) ?? []) {
      listener({ data: JSON.stringify(data) } as MessageEvent<string>)
    }
  }

  /** The browser gives up (readyState CLOSED) or retries (CONNECTING). */
  fail(givesUp: boolean): void {
    this.readyState = givesUp ? 2 : 0
    for (const listener of this.listeners.get('error') ?? []) listener({} as MessageEvent<string>)
  }
}
