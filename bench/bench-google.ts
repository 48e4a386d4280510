import diagnostics from 'node:diagnostics_channel'
import type { Socket } from 'node:net'
import type { FakeGoogle } from '../tests/fakes/google'
import { startFakeGoogle } from '../tests/fakes/google'
import { defaultChunks } from '../tests/fakes/google/generate-replies'

export interface BenchUser {
  email: string
  refreshToken: string
  projectId: string
}

export interface BenchGoogle {
  fake: FakeGoogle
  users: BenchUser[]
  /** TCP connections the fake accepted since the last call. */
  takeConnectionsOpened(): number
  close(): Promise<void>
}

export interface BenchGoogleOptions {
  /** Before the first byte of every answer, like a model thinking. */
  latencyMs: number
  /** Between streamed events. */
  chunkGapMs: number
  accounts: number
}

/**
 * The fake Google with a model's latency: the default answer (three streamed events), after
 * `latencyMs`, `chunkGapMs` apart. Counts the connections it accepts, to show connection reuse.
 */
export async function startBenchGoogle(options: BenchGoogleOptions): Promise<BenchGoogle> {
  const fake = await startFakeGoogle()
  const port = Number(new URL(fake.url).port)
  let opened = 0
  const onSocket = (message: unknown) => {
    if ((message as { socket: Socket }).socket.localPort === port) opened++
  }
  diagnostics.subscribe('net.server.socket', onSocket)
  fake.setGenerateHandler(async (ctx) => {
    if (options.latencyMs > 0)
      await new Promise((resolve) => setTimeout(resolve, options.latencyMs))
    return { kind: 'chunks', chunks: defaultChunks(ctx), delayMs: options.chunkGapMs }
  })
  const users = Array.from({ length: options.accounts }, (_, n): BenchUser => {
    const email = `bench${n}@example.com`
    const projectId = `proj-bench-${n}`
    return { email, projectId, ...fake.addUser({ email, projectId }) }
  })
  return {
    fake,
    users,
    takeConnectionsOpened() {
      const count = opened
      opened = 0
      return count
    },
    async close() {
      diagnostics.unsubscribe('net.server.socket', onSocket)
      await fake.close()
    },
  }
}

/** What agtray last sent Cloud Code for `endpoint`: the envelope and the account's bearer. */
export function lastUpstreamCall(
  fake: FakeGoogle,
  endpoint: 'generateContent' | 'streamGenerateContent',
): { body: unknown; authorization: string } {
  const call = fake.callsTo(endpoint).at(-1)
  const authorization = call?.headers.authorization
  if (!call || call.status !== 200 || typeof authorization !== 'string')
    throw new Error(`fake Google has no successful ${endpoint} call to copy`)
  return { body: call.body, authorization }
}
