import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest'
import type { GoogleTimeouts } from '../../src/core/google/google-transport'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'

let world: FakeGoogleWorld & { server?: TestServer | null }
let clockShift = 0

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  clockShift = 0
})
afterEach(async () => {
  await closeFakeGoogleWorld(world)
})

/** Ana's server, its Google calls given short limits; the clock can be moved forward. */
const startWith = async (timeouts: Partial<GoogleTimeouts>): Promise<TestServer> =>
  (world.server = await startServerWithAna(world, {
    googleTransport: { timeouts },
    clock: { now: () => Date.now() + clockShift },
  }))

const post = (server: TestServer, path: string, body: unknown): Promise<Response> =>
  fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${server.apiKey}`,
      'anthropic-version': '2023-06-01',
    },
    body: JSON.stringify(body),
  })

const anaStanding = async (server: TestServer) => {
  const { body } = await server.admin('GET', '/api/accounts')
  const ana = body.accounts.find((account: any) => account.email === 'ana@example.com')
  return { disabled: ana.disabled, status: ana.pool_status }
}

const refreshes = (): number =>
  world.fake.callsTo('token').filter((call) => call.grantType === 'refresh_token').length

/** A streamed body up to its end, or up to the cut when the connection is closed mid-answer. */
async function readToTheEnd(response: Response): Promise<{ text: string }> {
  const reader = response.body!.getReader()
  const decoder = new TextDecoder()
  let text = ''
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return { text }
      text += decoder.decode(value, { stream: true })
    }
  } catch {
    return { text }
  }
}

/** How long a call took, with what it answered. */
async function timed<T>(call: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const startedAt = Date.now()
  const value = await call()
  return { ms: Date.now() - startedAt, value }
}

describe('a Google that does not answer', () => {
  it('gets each client a 504 in its own format at the response timeout, and keeps the account', async () => {
    const server = await startWith({ generateResponseMs: 400, streamResponseMs: 400 })
    const never = new Promise<never>(() => undefined)
    world.fake.setGenerateHandler(() => never)

    const gemini = await timed(() => server.generate())
    expect(gemini.value.status).toBe(504)
    expect(gemini.ms).toBeLessThan(5_000)
    expect(await gemini.value.json()).toEqual({
      error: {
        code: 504,
        status: 'DEADLINE_EXCEEDED',
        message: 'agtray: Google Cloud Code did not answer within 1s',
      },
    })

    const anthropic = await timed(() =>
      post(server, '/v1/messages', {
        model: 'claude-sonnet-4-5',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'Say hello' }],
      }),
    )
    expect(anthropic.value.status).toBe(504)
    expect(anthropic.ms).toBeLessThan(5_000)
    expect(await anthropic.value.json()).toMatchObject({
      type: 'error',
      error: { type: 'timeout_error', message: expect.stringContaining('did not answer') },
    })

    const openai = await timed(() =>
      post(server, '/v1/chat/completions', {
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Say hello' }],
        stream: true,
      }),
    )
    expect(openai.value.status).toBe(504)
    expect(await openai.value.json()).toMatchObject({
      error: { code: 'upstream_timeout', message: expect.stringContaining('did not answer') },
    })

    // A slow Google is not the account's fault: it neither rests nor is disabled.
    expect(await anaStanding(server)).toEqual({ disabled: false, status: 'in-pool' })
    world.fake.setGenerateHandler(null)
    const after = await server.generate()
    expect(after.status).toBe(200)
    expect(after.headers.get('x-agtray-account-id')).toBeTruthy()
  })

  it('ends a stream that stops in the middle at the idle timeout', async () => {
    const server = await startWith({ idleMs: 400 })
    const release = world.fake.holdStreams()
    onTestFinished(release)
    for (const response of [
      () => server.generate({ stream: true }),
      () =>
        post(server, '/v1/chat/completions', {
          model: 'gemini-2.5-flash',
          messages: [{ role: 'user', content: 'Say hello' }],
          stream: true,
        }),
    ]) {
      const streamed = await timed(async () => readToTheEnd(await response()))
      // The first event arrived; then Google went silent and agtray ended the answer (how a
      // protocol's stream ends on a broken upstream is its route's business).
      expect(streamed.value.text).toContain('Hello from gemin')
      expect(streamed.value.text).not.toContain('example.com')
      expect(streamed.ms).toBeLessThan(5_000)
    }
    expect(
      server.logger.messages().filter((message) => message.includes('sent nothing for 1s')),
    ).toHaveLength(2)
    await vi.waitFor(() => expect(world.fake.openStreams()).toBe(0))
    expect(await anaStanding(server)).toEqual({ disabled: false, status: 'in-pool' })
  })

  it('fails a request whose token refresh hangs, rests the account, and refreshes again later', async () => {
    const server = await startWith({ quickMs: 400 })
    // One refresh answers a minute late; the ones after it at once.
    world.fake.failRefresh({ delayMs: 60_000 })

    const first = await timed(() => server.generate())
    expect(first.ms).toBeLessThan(5_000)
    expect(first.value.status).toBe(503)
    expect(((await first.value.json()) as any).error.message).toContain(
      'token refresh failed: Google did not answer within 1s',
    )
    expect(refreshes()).toBe(1)
    // A timeout is transient: the account rests; it is not disabled.
    expect(await anaStanding(server)).toEqual({ disabled: false, status: 'cooldown' })

    // Once the rest is over, the next request refreshes again (nothing stuck in flight).
    clockShift = 31_000
    const second = await server.generate()
    expect(second.status).toBe(200)
    expect(refreshes()).toBe(2)
    expect(await anaStanding(server)).toEqual({ disabled: false, status: 'in-pool' })
  })
})
