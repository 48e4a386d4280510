import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'

/**
 * The second request of a tool loop, as each unmodified client sent it to agtray (captured at a
 * recording proxy while the client ran a real tool: tests/fixtures/README.md, "our captures").
 * Each carries the call agtray returned in turn one, its thought signature in the client's own
 * place for it, and the tool's output; each must reach Google with the signature on the call.
 */
interface Capture {
  client: string
  name: string
  path: string
  /** The signature the client kept, where the client keeps it. */
  signatureOf(body: any): string
  tool: string
}

const captures: Capture[] = [
  {
    client: 'Claude Code 2.1.332',
    name: 'claude-code-2.1.332.tool-turn.messages.request',
    path: '/v1/messages?beta=true',
    signatureOf: (body) =>
      body.messages.at(-2).content.find((block: any) => block.type === 'thinking').signature,
    tool: 'Bash',
  },
  {
    client: 'Codex 0.171.0',
    name: 'codex-0.171.0.tool-turn.responses.request',
    path: '/v1/responses',
    signatureOf: (body) =>
      body.input.find((item: any) => item.type === 'reasoning').encrypted_content,
    tool: 'exec_command',
  },
  {
    client: 'Gemini CLI 0.61.0',
    name: 'gemini-cli-0.61.0.tool-turn.streamGenerateContent.request',
    path: '/v1beta/models/gemini-3.1-pro-preview:streamGenerateContent?alt=sse',
    signatureOf: (body) => body.contents.at(-2).parts[0].thoughtSignature,
    tool: 'list_directory',
  },
  {
    client: 'opencode 1.18.33',
    name: 'opencode-1.18.33.tool-turn.chat-completions.request',
    path: '/v1/chat/completions',
    // Chat Completions has no place for it: agtray's cache would; this capture's Claude needs none.
    signatureOf: () => '',
    tool: 'glob',
  },
]

const fixture = (name: string): any =>
  JSON.parse(readFileSync(path.join(__dirname, '../fixtures', `${name}.json`), 'utf8'))

let world: FakeGoogleWorld
let server: TestServer

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  server = await startServerWithAna(world)
})
afterEach(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

/** The captured headers with this server's key where the client put its key. */
function headersFor(name: string): Record<string, string> {
  const captured = fixture(`${name}.headers`) as Record<string, string>
  // fetch sets the connection's own headers; the body goes out uncompressed.
  const { host: _host, 'content-length': _length, ...headers } = captured
  return Object.fromEntries(
    Object.entries(headers).map(([header, value]) => [
      header,
      value.replace('<proxy key>', server.apiKey),
    ]),
  )
}

describe.each(captures)('$client, second turn of a tool loop, sent as captured', (capture) => {
  it('is served, with the tool’s output reaching the model and the call still signed', async () => {
    const body = fixture(capture.name)
    const response = await fetch(`${server.url}${capture.path}`, {
      method: 'POST',
      headers: headersFor(capture.name),
      body: JSON.stringify(body),
    })
    const text = await response.text()
    expect(response.status, text.slice(0, 300)).toBe(200)
    // The fake answers a turn that ends on tool output with what the tool said.
    expect(text).toContain(`Tool ${capture.tool} said:`)

    const sent = world.fake.callsTo('streamGenerateContent').at(-1)?.body as any
    const call = sent.request.contents
      .flatMap((content: any) => content.parts)
      .find((part: any) => part.functionCall?.name === capture.tool)
    expect(call).toBeDefined()
    const kept = capture.signatureOf(body)
    if (kept) expect(call.thoughtSignature).toBe(kept)
  })
})
