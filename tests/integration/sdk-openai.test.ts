import OpenAI from 'openai'
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
let client: OpenAI

const PNG_1x1 =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='

const weatherTool: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather in a city',
    parameters: {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { city: { type: 'string', minLength: 1 } },
      required: ['city'],
      additionalProperties: false,
    },
  },
}

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
  server = await startServerWithAna(
    { fake, temp },
    { bodyLimit: '64kb', overrides: { host: '127.0.0.1' } },
  )
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.apiKey, maxRetries: 0 })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
})

describe('OpenAI SDK against agtray', () => {
  it('chats', async () => {
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Say hello' },
      ],
    })
    expect(completion.object).toBe('chat.completion')
    expect(completion.choices[0]?.message).toMatchObject({
      role: 'assistant',
      content: 'Hello from gemini-2.5-flash as ana@example.com',
    })
    expect(completion.choices[0]?.finish_reason).toBe('stop')
    expect(completion.usage?.total_tokens).toBeGreaterThan(0)
    const sent = fake.callsTo('streamGenerateContent').at(-1)?.body as any
    expect(sent.request.systemInstruction.parts[0].text).toBe('Be brief.')
  })

  it('streams chunks in order, the first before the upstream has finished, with usage at the end', async () => {
    const release = fake.holdStreams()
    const stream = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Say hello' }],
      stream: true,
      stream_options: { include_usage: true },
    })
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = []
    let released = false
    for await (const chunk of stream) {
      chunks.push(chunk)
      if (!released && chunks.some((item) => item.choices[0]?.delta.content)) {
        // Content arrived while the fake still holds the rest of its stream.
        released = true
        release()
      }
    }
    expect(released).toBe(true)
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant')
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(
      'Hello from gemini-2.5-flash as ana@example.com',
    )
    const finish = chunks.find((chunk) => chunk.choices[0]?.finish_reason)
    expect(finish?.choices[0]?.finish_reason).toBe('stop')
    expect(chunks.at(-1)?.choices).toEqual([])
    expect(chunks.at(-1)?.usage?.total_tokens).toBeGreaterThan(0)
  })

  for (const model of ['gemini-2.5-flash', 'gemini-3-flash']) {
    it(`runs a two-turn tool call (${model}), the client running the tool`, async () => {
      const messages: OpenAI.Chat.Completions.ChatCompletionMessageParam[] = [
        { role: 'user', content: 'please call get_weather for Paris' },
      ]
      const first = await client.chat.completions.create({ model, messages, tools: [weatherTool] })
      const call = first.choices[0]?.message.tool_calls?.[0]
      expect(first.choices[0]?.finish_reason).toBe('tool_calls')
      expect(call?.type).toBe('function')
      if (call?.type !== 'function') throw new Error('no function call')
      expect(call.function.name).toBe('get_weather')
      expect(call.id).toBeTruthy()
      messages.push(first.choices[0]!.message, {
        role: 'tool',
        tool_call_id: call.id,
        content: '{"temp_c": 21}',
      })
      const second = await client.chat.completions.create({ model, messages, tools: [weatherTool] })
      expect(second.choices[0]?.message.content).toBe('Tool get_weather said: {"temp_c":21}')
      // Gemini 3 needs its signature back on the call: agtray kept it for the client.
      const history = (fake.callsTo('streamGenerateContent').at(-1)?.body as any).request.contents
      const modelTurn = history.find((content: any) => content.role === 'model')
      expect(modelTurn.parts[0].functionCall.name).toBe('get_weather')
      expect(modelTurn.parts[0].thoughtSignature).toBeTruthy()
      expect(modelTurn.parts[0].thoughtSignature).not.toBe('skip_thought_signature_validator')
    })
  }

  it('streams tool_calls deltas with stable indexes and ids', async () => {
    const stream = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'please call get_weather' }],
      tools: [weatherTool],
      stream: true,
    })
    const deltas: OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta.ToolCall[] = []
    let finish: string | null | undefined
    for await (const chunk of stream) {
      deltas.push(...(chunk.choices[0]?.delta.tool_calls ?? []))
      finish = chunk.choices[0]?.finish_reason ?? finish
    }
    expect(deltas).toHaveLength(1)
    expect(deltas[0]).toMatchObject({
      index: 0,
      type: 'function',
      function: { name: 'get_weather' },
    })
    expect(deltas[0]?.id).toBeTruthy()
    expect(finish).toBe('tool_calls')
  })

  it('sends an image given as a data URL', async () => {
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG_1x1}` } },
          ],
        },
      ],
    })
    expect(completion.choices[0]?.message.content).toContain('I see 1 image(s) (image/png)')
  })

  it('answers JSON in JSON mode', async () => {
    const completion = await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [{ role: 'user', content: 'Reply in JSON' }],
      response_format: { type: 'json_object' },
    })
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({
      answer: 'Hello from gemini-2.5-flash',
    })
    const sent = fake.callsTo('streamGenerateContent').at(-1)?.body as any
    expect(sent.request.generationConfig.responseMimeType).toBe('application/json')
  })

  it('routes a model alias and says which account and model served', async () => {
    const { data, response } = await client.chat.completions
      .create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse()
    expect(data.model).toBe('gpt-4o')
    expect(fake.callsTo('streamGenerateContent').at(-1)?.model).toBe('gemini-2.5-flash')
    expect(response.headers.get('x-agtray-model')).toBe('gemini-2.5-flash')
    expect(response.headers.get('x-agtray-account-id')).toMatch(/^[0-9a-f-]{36}$/)
    expect(response.headers.get('x-account-email')).toBeNull()
  })

  it('lists the models the accounts really serve, and nothing Cloud Code would refuse', async () => {
    const ids: string[] = []
    for await (const model of client.models.list()) ids.push(model.id)
    expect(ids).toContain('gemini-2.5-flash')
    expect(ids).toContain('claude-sonnet-4-6-thinking')
    expect(ids).not.toContain('claude-sonnet-4-5')
    expect(ids).not.toContain('gpt-4o')
    expect((await client.models.retrieve('claude-opus-4-6-thinking')).id).toBe(
      'claude-opus-4-6-thinking',
    )
    await expect(client.models.retrieve('no-such-model-anywhere')).rejects.toMatchObject({
      status: 404,
      constructor: OpenAI.NotFoundError,
    })
  })

  it('serves the model names clients send today with the best model of their family', async () => {
    const { response } = await client.chat.completions
      .create({ model: 'claude-opus-5-5', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse()
    expect(response.headers.get('x-agtray-model')).toBe('claude-opus-4-6-thinking')
    expect(fake.callsTo('streamGenerateContent').at(-1)?.model).toBe('claude-opus-4-6-thinking')
    const gemini = await client.chat.completions
      .create({ model: 'gemini-3.1-pro-preview', messages: [{ role: 'user', content: 'hi' }] })
      .withResponse()
    expect(gemini.response.headers.get('x-agtray-model')).toBe('gemini-3.1-pro-high')
    expect(gemini.data.choices[0]?.message.content).toBe(
      'Hello from gemini-3.1-pro-high as ana@example.com',
    )
  })

  it('folds a trailing assistant message into the last user turn for Claude models', async () => {
    const completion = await client.chat.completions.create({
      model: 'claude-sonnet-4-6',
      messages: [
        { role: 'user', content: 'Answer in JSON' },
        { role: 'assistant', content: '{' },
      ],
    })
    expect(completion.choices[0]?.message.content).toContain('Hello from claude-sonnet-4-6')
    const sent = fake.callsTo('streamGenerateContent').at(-1)?.body as any
    expect(sent.request.contents.map((content: any) => content.role)).toEqual(['user'])
    expect(sent.request.contents[0].parts.at(-1).text).toContain('{')
    // Gemini takes a prefill as it is.
    await client.chat.completions.create({
      model: 'gemini-2.5-flash',
      messages: [
        { role: 'user', content: 'Answer in JSON' },
        { role: 'assistant', content: '{' },
      ],
    })
    const gemini = fake.callsTo('streamGenerateContent').at(-1)?.body as any
    expect(gemini.request.contents.map((content: any) => content.role)).toEqual(['user', 'model'])
  })

  it('surfaces each error as the SDK’s error class with the right status', async () => {
    await expect(
      client.chat.completions.create({ model: 'gemini-2.5-flash', messages: [] }),
    ).rejects.toMatchObject({ status: 400, constructor: OpenAI.BadRequestError })
    await expect(
      client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [
          {
            role: 'user',
            content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }],
          },
        ],
      }),
    ).rejects.toThrow(/data: URL/)
    await expect(
      client.chat.completions.create({
        model: 'no-such-model-anywhere',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({ status: 404, constructor: OpenAI.NotFoundError })
    const tooBig = await client.chat.completions
      .create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'x'.repeat(70_000) }],
      })
      .catch((error: unknown) => error)
    expect(tooBig).toMatchObject({ status: 413 })
    expect((tooBig as Error).message).toContain('larger than 64kb')

    const malformed = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"model": "x", "messages": [',
    })
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'invalid_json' },
    })

    const wrongField = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'wizard', content: 'hi' }],
      }),
    })
    expect(wrongField.status).toBe(400)
    expect(((await wrongField.json()) as any).error.message).toContain('messages.0')
  })

  it('refuses a wrong API key with AuthenticationError when the key is required', async () => {
    await server.stop()
    server = await startTestServer({
      fake,
      dataDir: temp.dir,
      core: { overrides: { host: '0.0.0.0' } },
    })
    const wrong = new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: 'sk-not-the-key',
      maxRetries: 0,
    })
    await expect(
      wrong.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({
      status: 401,
      constructor: OpenAI.AuthenticationError,
    })
    const right = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.apiKey, maxRetries: 0 })
    expect(
      (
        await right.chat.completions.create({
          model: 'gemini-2.5-flash',
          messages: [{ role: 'user', content: 'hi' }],
        })
      ).choices[0]?.message.content,
    ).toBeTruthy()
  })

  it('translates Google’s rate limit into RateLimitError', async () => {
    fake.setGenerateHandler(() => ({
      kind: 'error',
      status: 429,
      body: {
        error: {
          code: 429,
          message: 'Resource has been exhausted (e.g. check quota).',
          status: 'RESOURCE_EXHAUSTED',
        },
      },
    }))
    await expect(
      client.chat.completions.create({
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toMatchObject({
      status: 429,
      constructor: OpenAI.RateLimitError,
    })
  })

  it('aborts the upstream request when the client goes away mid-stream', async () => {
    const release = fake.holdStreams()
    const controller = new AbortController()
    const stream = await client.chat.completions.create(
      {
        model: 'gemini-2.5-flash',
        messages: [{ role: 'user', content: 'Say hello' }],
        stream: true,
      },
      { signal: controller.signal },
    )
    const iterator = stream[Symbol.asyncIterator]()
    await iterator.next()
    controller.abort()
    await expect.poll(() => fake.openStreams(), { timeout: 2000 }).toBe(0)
    release()
  })
})

describe('OpenAI stream framing', () => {
  it('ends a stream with data: [DONE]', async () => {
    const response = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${server.apiKey}` },
      body: JSON.stringify({
        model: 'gemini-2.5-flash',
        stream: true,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    })
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const events = (await response.text()).split('\n\n').filter(Boolean)
    expect(events.at(-1)).toBe('data: [DONE]')
    expect(
      events
        .slice(0, -1)
        .every(
          (event) => JSON.parse(event.slice('data: '.length)).object === 'chat.completion.chunk',
        ),
    ).toBe(true)
  })
})
