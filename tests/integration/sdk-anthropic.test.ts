import Anthropic from '@anthropic-ai/sdk'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import type { makeTempDir } from '../helpers/temp-dir'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let server: TestServer
let client: Anthropic

const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

const readTool: Anthropic.Tool = {
  name: 'Read',
  description: 'Reads a file',
  input_schema: {
    type: 'object',
    $schema: 'http://json-schema.org/draft-07/schema#',
    properties: { file_path: { type: 'string', description: 'Absolute path' } },
    required: ['file_path'],
    additionalProperties: false,
  },
}

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
  server = await startServerWithAna(
    { fake, temp },
    { bodyLimit: '64kb', overrides: { host: '127.0.0.1' } },
  )
  // Claude Code's setting: ANTHROPIC_BASE_URL is the server's root URL.
  client = new Anthropic({ baseURL: server.url, apiKey: server.apiKey, maxRetries: 0 })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
})

const lastRequest = (): any => (fake.callsTo('streamGenerateContent').at(-1)?.body as any).request

describe('Anthropic SDK against agtray', () => {
  it('sends a message', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      system: [{ type: 'text', text: 'You are terse.', cache_control: { type: 'ephemeral' } }],
      messages: [{ role: 'user', content: 'Say hello' }],
    })
    expect(message.type).toBe('message')
    expect(message.content).toEqual([
      { type: 'text', text: 'Hello from claude-sonnet-4-6 as ana@example.com' },
    ])
    expect(message.stop_reason).toBe('end_turn')
    expect(message.usage.output_tokens).toBeGreaterThan(0)
    expect(lastRequest().systemInstruction.parts[0].text).toBe('You are terse.')
    expect(JSON.stringify(lastRequest())).not.toContain('cache_control')
  })

  it('sends a system message inside messages, as Claude’s API takes it', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      system: 'You are terse.',
      messages: [
        { role: 'user', content: 'Say hello' },
        { role: 'system', content: 'Answer in French from now on.' },
      ],
    })
    expect(message.content).toEqual([
      { type: 'text', text: 'Hello from claude-sonnet-4-6 as ana@example.com' },
    ])
    expect(lastRequest().systemInstruction.parts).toEqual([{ text: 'You are terse.' }])
    expect(lastRequest().contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Say hello' },
          { text: '<system-reminder>\nAnswer in French from now on.\n</system-reminder>' },
        ],
      },
    ])
  })

  it('streams the full event sequence, the first event before the upstream has finished', async () => {
    const release = fake.holdStreams()
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Say hello' }],
    })
    const types: string[] = []
    let released = false
    for await (const event of stream) {
      types.push(event.type)
      if (!released && event.type === 'content_block_delta') {
        released = true
        release()
      }
    }
    expect(released).toBe(true)
    expect(types[0]).toBe('message_start')
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop'])
    expect(types.filter((type) => type === 'content_block_start')).toHaveLength(1)
    expect(types.filter((type) => type === 'content_block_stop')).toHaveLength(1)
    const final = await stream.finalMessage()
    expect(final.content).toEqual([
      { type: 'text', text: 'Hello from claude-sonnet-4-6 as ana@example.com' },
    ])
  })

  it('runs a two-turn tool use, the client running the tool', async () => {
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'please call Read on /etc/hostname' },
    ]
    const first = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      tools: [readTool],
      messages,
    })
    expect(first.stop_reason).toBe('tool_use')
    const toolUse = first.content.find((block) => block.type === 'tool_use')
    expect(toolUse).toMatchObject({ type: 'tool_use', name: 'Read' })
    if (toolUse?.type !== 'tool_use') throw new Error('no tool use')
    messages.push(
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: 'agtray-host' }],
      },
    )
    const second = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      tools: [readTool],
      messages,
    })
    expect(second.content[0]).toEqual({
      type: 'text',
      text: 'Tool Read said: {"output":"agtray-host"}',
    })
    const declared = lastRequest().tools[0].functionDeclarations[0]
    expect(declared.parameters).not.toHaveProperty('$schema')
    expect(declared.parameters).not.toHaveProperty('additionalProperties')
  })

  it('keeps thinking signatures through a multi-turn tool use with thinking', async () => {
    const messages: Anthropic.MessageParam[] = [
      { role: 'user', content: 'please call Read on README.md' },
    ]
    const stream = client.messages.stream({
      model: 'claude-sonnet-4-6-thinking',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [readTool],
      messages,
    })
    const first = await stream.finalMessage()
    const thinking = first.content.find((block) => block.type === 'thinking')
    expect(thinking).toMatchObject({
      type: 'thinking',
      thinking: 'Thinking about claude-sonnet-4-6-thinking',
    })
    if (thinking?.type !== 'thinking') throw new Error('no thinking')
    expect(thinking.signature.length).toBeGreaterThan(10)
    const toolUse = first.content.find((block) => block.type === 'tool_use')
    if (toolUse?.type !== 'tool_use') throw new Error('no tool use')
    messages.push(
      { role: 'assistant', content: first.content },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: '# agtray' }],
      },
    )
    const second = await client.messages.create({
      model: 'claude-sonnet-4-6-thinking',
      max_tokens: 2048,
      thinking: { type: 'enabled', budget_tokens: 1024 },
      tools: [readTool],
      messages,
    })
    expect(second.content.at(-1)).toEqual({
      type: 'text',
      text: 'Tool Read said: {"output":"# agtray"}',
    })
    const modelTurn = lastRequest().contents.find((content: any) => content.role === 'model')
    const signed = modelTurn.parts.filter(
      (part: any) => part.thoughtSignature === thinking.signature,
    )
    expect(signed.some((part: any) => part.thought === true)).toBe(true)
    expect(signed.some((part: any) => part.functionCall?.name === 'Read')).toBe(true)
  })

  it('sends a base64 image', async () => {
    const message = await client.messages.create({
      model: 'claude-sonnet-4-6',
      max_tokens: 256,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG_1x1 } },
            { type: 'text', text: 'What is this?' },
          ],
        },
      ],
    })
    expect(message.content[0]).toMatchObject({
      type: 'text',
      text: expect.stringContaining('I see 1 image(s) (image/png)'),
    })
  })

  it('counts tokens', async () => {
    const short = await client.messages.countTokens({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: 'hi' }],
    })
    const long = await client.messages.countTokens({
      model: 'claude-sonnet-4-6',
      messages: [{ role: 'user', content: 'hello '.repeat(400) }],
      tools: [readTool],
    })
    expect(short.input_tokens).toBeGreaterThan(0)
    expect(long.input_tokens).toBeGreaterThan(short.input_tokens + 300)
  })

  it('routes a Claude Code model id through the built-in aliases', async () => {
    await client.messages.create({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hi' }],
    })
    expect(fake.callsTo('streamGenerateContent').at(-1)?.model).toBe('claude-sonnet-4-6')
  })

  it('surfaces errors as the SDK’s error classes', async () => {
    await expect(
      client.messages.create({ model: 'claude-sonnet-4-6', max_tokens: 64, messages: [] }),
    ).rejects.toMatchObject({ status: 400, constructor: Anthropic.BadRequestError })
    await expect(
      client.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 64,
        messages: [
          {
            role: 'user',
            content: [{ type: 'image', source: { type: 'url', url: 'https://example.com/x.png' } }],
          },
        ],
      }),
    ).rejects.toMatchObject({ status: 400 })
    await expect(
      client.messages.create({
        model: 'no-such-model-anywhere',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({ status: 404, constructor: Anthropic.NotFoundError })
    const tooBig = await client.messages
      .create({
        model: 'claude-sonnet-4-6',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'x'.repeat(70_000) }],
      })
      .catch((error: unknown) => error)
    expect(tooBig).toMatchObject({ status: 413 })
    expect((tooBig as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'request_too_large', message: 'The request body is larger than 64kb' },
    })
    const raw = await fetch(`${server.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model":',
    })
    expect(raw.status).toBe(400)
    expect(await raw.json()).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error' },
    })

    await server.admin('POST', '/api/proxy', { enabled: false })
    const off = await client.messages
      .create({
        model: 'claude-sonnet-4-6',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .catch((error: unknown) => error)
    expect(off).toMatchObject({ status: 503 })
    expect((off as InstanceType<typeof Anthropic.APIError>).error).toMatchObject({
      type: 'error',
      error: { type: 'overloaded_error' },
    })
  })

  it('refuses a wrong key with AuthenticationError when the key is required', async () => {
    await server.stop()
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      core: { overrides: { host: '0.0.0.0' } },
    })
    const wrong = new Anthropic({ baseURL: server.url, apiKey: 'sk-wrong', maxRetries: 0 })
    await expect(
      wrong.messages.create({
        model: 'claude-sonnet-4-6',
        max_tokens: 64,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({
      status: 401,
      constructor: Anthropic.AuthenticationError,
    })
  })
})
