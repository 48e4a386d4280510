import { readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { makeTempDir } from '../helpers/temp-dir'
import type { RawAnswer } from '../helpers/raw-request'
import { rawRequest } from '../helpers/raw-request'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let server: TestServer

const fixture = (name: string): any =>
  JSON.parse(readFileSync(path.join(__dirname, '../fixtures', name), 'utf8'))

const current = fixture('claude-code-2.1.332.default-model.messages.request.json')
const currentHeaders = fixture('claude-code-2.1.332.default-model.messages.request.headers.json')
const topicClassifier = fixture('claude-code-2.1.12.topic-classifier.messages.request.json')
// The 2.1.12 capture lists only the headers that tell Claude Code apart; it sends JSON.
const topicHeaders = {
  'content-type': 'application/json',
  ...fixture('claude-code-2.1.12.history-fragment.messages.json')._headers,
}
const title = fixture('claude-code-0.2.107.title.messages.request.json')
const titleHeaders = fixture('claude-code-0.2.107.title.messages.request.headers.json').headers

const answer = /^Hello from \S+ as ana@example\.com$/

/**
 * Sends a body with a client's captured headers, as that client did: only the connection's own
 * headers (host, length) are this connection's, and the key is this test server's.
 */
function sendAsCaptured(
  body: unknown,
  captured: Record<string, string>,
  urlPath = '/v1/messages?beta=true',
): Promise<RawAnswer> {
  const payload = JSON.stringify(body)
  const url = new URL(urlPath, server.url)
  const headers: Record<string, string | number> = Object.fromEntries(
    Object.entries(captured).filter(([name]) => !['url', 'method'].includes(name)),
  )
  headers.host = url.host
  headers['content-length'] = Buffer.byteLength(payload)
  delete headers.authorization
  headers['x-api-key'] = server.apiKey
  return rawRequest(url.href, { headers, body: payload })
}

/** The events of an Anthropic stream, and the content blocks a client assembles from them. */
function readStream(text: string) {
  const events = text
    .split('\n\n')
    .filter((frame) => frame.trim() !== '')
    .map((frame) => {
      const lines = frame.split('\n')
      const name = lines.find((line) => line.startsWith('event: '))?.slice(7)
      const data = JSON.parse(lines.find((line) => line.startsWith('data: '))?.slice(6) ?? '{}')
      return { name, data }
    })
  const blocks: any[] = []
  for (const { name, data } of events) {
    if (name === 'content_block_start') blocks[data.index] = { ...data.content_block }
    if (name !== 'content_block_delta') continue
    const block = blocks[data.index]
    if (data.delta.type === 'text_delta') block.text += data.delta.text
    if (data.delta.type === 'thinking_delta') block.thinking += data.delta.thinking
    if (data.delta.type === 'signature_delta') block.signature += data.delta.signature
  }
  return { names: events.map((event) => event.name), blocks }
}

const lastCall = () => fake.callsTo('streamGenerateContent').at(-1)
const lastRequest = (): any => (lastCall()?.body as any).request

/** Restarts the server with a change to settings.json's `proxy` section. */
async function restartWithProxySettings(change: Record<string, unknown>): Promise<void> {
  await server.stop()
  const file = path.join(temp.dir, 'settings.json')
  const settings = JSON.parse(readFileSync(file, 'utf8'))
  writeFileSync(file, JSON.stringify({ ...settings, proxy: { ...settings.proxy, ...change } }))
  server = await startTestServer({ fake, dataDir: temp.dir })
}

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
  server = await startServerWithAna({ fake, temp })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
})

describe('Claude Code 2.1.332’s default-model request, sent as captured', () => {
  it('streams the answer, thinking omitted but signed, as Claude Code asked', async () => {
    expect(current.stream).toBe(true)
    const response = await sendAsCaptured(current, currentHeaders)
    expect(response.status, response.text).toBe(200)
    expect(response.headers['content-type']).toContain('text/event-stream')
    const { names, blocks } = readStream(response.text)
    expect(names[0]).toBe('message_start')
    expect(names.slice(-2)).toEqual(['message_delta', 'message_stop'])
    expect(blocks.at(-1)).toEqual({ type: 'text', text: expect.stringMatching(answer) })
    // display "omitted": the thinking block comes with its signature and without its text.
    expect(blocks[0]).toMatchObject({ type: 'thinking', thinking: '' })
    expect(blocks[0].signature.length).toBeGreaterThan(10)

    expect(fake.callsTo('streamGenerateContent')).toHaveLength(1)
    const sent = lastRequest()
    expect(sent.sessionId).toBe(currentHeaders['x-claude-code-session-id'])
    expect(sent.contents).toHaveLength(1)
    expect(sent.contents[0].parts.at(-1).text).toMatch(/^<system-reminder>\n# Environment/)
    expect(sent.generationConfig.thinkingConfig).toEqual({
      includeThoughts: true,
      thinkingBudget: 8192,
    })
    expect(sent.tools[0].functionDeclarations).toHaveLength(current.tools.length)
    expect(lastCall()?.model).not.toBe('gemini-2.5-flash')
  })

  it('answers once with stream: false', async () => {
    const response = await sendAsCaptured({ ...current, stream: false }, currentHeaders)
    expect(response.status, response.text).toBe(200)
    const message = JSON.parse(response.text)
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: current.model })
    expect(message.content.at(-1)).toEqual({ type: 'text', text: expect.stringMatching(answer) })
    expect(message.content[0]).toMatchObject({ type: 'thinking', thinking: '' })
  })

  it('names the Gemini session by the x-claude-code-session-id header', async () => {
    const headers = { ...currentHeaders, 'x-claude-code-session-id': 'another-session' }
    const response = await sendAsCaptured({ ...current, stream: false }, headers)
    expect(response.status, response.text).toBe(200)
    expect(lastRequest().sessionId).toBe('another-session')
  })

  it('puts the omitted thinking back when the next turn returns it', async () => {
    const first = await sendAsCaptured({ ...current, stream: false }, currentHeaders)
    const { content } = JSON.parse(first.text)
    const next = {
      ...current,
      stream: false,
      messages: [
        ...current.messages,
        { role: 'assistant', content },
        { role: 'user', content: 'thanks' },
      ],
    }
    const second = await sendAsCaptured(next, currentHeaders)
    expect(second.status, second.text).toBe(200)
    const modelTurn = lastRequest().contents.find((turn: any) => turn.role === 'model')
    expect(modelTurn.parts[0]).toEqual({
      text: expect.stringMatching(/^Thinking about /),
      thought: true,
      thoughtSignature: content[0].signature,
    })
  })
})

describe('Claude Code’s side requests', () => {
  it.each([
    ['the 2.1.12 topic classifier', topicClassifier, topicHeaders],
    ['the 0.2.107 title request', title, titleHeaders],
  ])('sends %s to gemini-2.5-flash by default', async (_name, body, headers) => {
    const response = await sendAsCaptured(body, headers)
    expect(response.status, response.text).toBe(200)
    expect(response.headers['x-agtray-model']).toBe('gemini-2.5-flash')
    expect(lastCall()?.model).toBe('gemini-2.5-flash')
    const { blocks } = readStream(response.text)
    expect(blocks.at(-1)?.text).toBe('Hello from gemini-2.5-flash as ana@example.com')
  })

  it('serves them with the routed haiku model when background_model is empty', async () => {
    await restartWithProxySettings({
      background_model: '',
      custom_mapping: {
        'claude-haiku-4-5-20251001': 'claude-opus-4-6-thinking',
        'claude-3-5-haiku-20241022': 'claude-sonnet-4-6',
      },
    })
    const topic = await sendAsCaptured(topicClassifier, topicHeaders)
    expect(topic.status, topic.text).toBe(200)
    expect(lastCall()?.model).toBe('claude-opus-4-6-thinking')
    // Claude behind Cloud Code takes no prefill: it became an instruction in the user turn.
    expect(lastRequest().contents.at(-1).role).toBe('user')
    const titled = await sendAsCaptured(title, titleHeaders)
    expect(titled.status, titled.text).toBe(200)
    expect(lastCall()?.model).toBe('claude-sonnet-4-6')
  })

  it('goes to the model background_model names', async () => {
    await restartWithProxySettings({ background_model: 'gemini-3-flash' })
    const response = await sendAsCaptured(title, titleHeaders)
    expect(response.status, response.text).toBe(200)
    expect(lastCall()?.model).toBe('gemini-3-flash')
  })
})

describe('what Claude’s API accepts', () => {
  it('answers max_tokens 0 (cache pre-warm) without calling Google', async () => {
    const body = {
      model: 'claude-sonnet-4-6',
      max_tokens: 0,
      messages: [{ role: 'user', content: 'hi' }],
    }
    const once = await sendAsCaptured(body, { 'content-type': 'application/json' }, '/v1/messages')
    expect(once.status, once.text).toBe(200)
    expect(JSON.parse(once.text)).toMatchObject({ content: [], stop_reason: 'max_tokens' })
    const streamed = await sendAsCaptured(
      { ...body, stream: true },
      {
        'content-type': 'application/json',
      },
    )
    expect(readStream(streamed.text).names).toEqual([
      'message_start',
      'ping',
      'message_delta',
      'message_stop',
    ])
    expect(fake.callsTo('streamGenerateContent')).toHaveLength(0)
  })

  it('refuses a wrong type with invalid_request_error naming the field', async () => {
    const response = await sendAsCaptured(
      { ...current, messages: [{ role: 'tool', content: 'x' }] },
      currentHeaders,
    )
    expect(response.status).toBe(400)
    expect(JSON.parse(response.text)).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message: expect.stringMatching(/^messages\.0\.role: /),
      },
    })
  })
})
