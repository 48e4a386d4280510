import { readFileSync } from 'node:fs'
import path from 'node:path'
import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import type { makeTempDir } from '../helpers/temp-dir'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let server: TestServer
let client: OpenAI

const fixture = (name: string): any =>
  JSON.parse(readFileSync(path.join(__dirname, '../fixtures', name), 'utf8'))

const weatherTool: OpenAI.Responses.FunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Weather in a city',
  strict: false,
  parameters: {
    $schema: 'http://json-schema.org/draft-07/schema#',
    type: 'object',
    properties: { city: { type: 'string', minLength: 1 } },
    required: ['city'],
    additionalProperties: false,
  },
}

const sentToGoogle = (): any => fake.callsTo('streamGenerateContent').at(-1)?.body

/** Events of an SSE body as OpenAI frames them: `event: <type>` then `data: <json>`. */
function sseEvents(text: string): { event: string; data: any }[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n')
      const event = lines.find((line) => line.startsWith('event: '))?.slice('event: '.length)
      const data = lines.find((line) => line.startsWith('data: '))?.slice('data: '.length)
      return { event: event ?? '', data: JSON.parse(data ?? 'null') }
    })
}

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
  server = await startServerWithAna({ fake, temp })
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: server.apiKey, maxRetries: 0 })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
})

describe('Codex 0.171.0 through /v1/responses', () => {
  const body = fixture('codex-0.171.0.plain.responses.request.json')
  const captured = fixture('codex-0.171.0.plain.responses.request.headers.json') as Record<
    string,
    string
  >
  const send = (payload: unknown) => {
    // fetch sets host and content-length itself.
    const { host: _host, 'content-length': _length, ...headers } = captured
    return fetch(`${server.url}/v1/responses`, {
      method: 'POST',
      headers: { ...headers, authorization: `Bearer ${server.apiKey}` },
      body: JSON.stringify(payload),
    })
  }

  it('streams the answer as named events, the request translated for Google', async () => {
    const response = await send(body)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toContain('text/event-stream')
    const events = sseEvents(await response.text())
    expect(events.every(({ event, data }) => data.type === event)).toBe(true)
    expect(events[0]?.event).toBe('response.created')
    expect(events.at(-1)?.event).toBe('response.completed')
    const text = events
      .filter(({ event }) => event === 'response.output_text.delta')
      .map(({ data }) => data.delta as string)
      .join('')
    expect(text).toBe('Hello from gemini-2.5-flash as ana@example.com')
    const completed = events.at(-1)?.data.response
    expect(completed.model).toBe('gemini-2.5-flash')
    expect(completed.usage.total_tokens).toBeGreaterThan(0)

    const sent = sentToGoogle()
    expect(sent.request.sessionId).toBe(body.prompt_cache_key)
    expect(sent.request.systemInstruction.parts[0].text).toContain(
      body.input[0].content[0].text.slice(0, 200),
    )
    const declared = sent.request.tools[0].functionDeclarations.map((d: any) => d.name)
    expect(declared).toContain('exec_command')
    expect(declared).toContain('multi_agent_v1__close_agent')
    expect(sent.request.tools).toHaveLength(1)
  })

  it('answers once as a response object when stream is false', async () => {
    const response = await send({ ...body, stream: false })
    expect(response.status).toBe(200)
    const answer = (await response.json()) as any
    expect(answer).toMatchObject({ object: 'response', status: 'completed' })
    const message = answer.output.find((item: any) => item.type === 'message')
    expect(message.content[0]).toEqual({
      type: 'output_text',
      text: 'Hello from gemini-2.5-flash as ana@example.com',
      annotations: [],
    })
  })

  it('logs the built-in tools it left out once, naming them', async () => {
    await (await send({ ...body, stream: false })).text()
    await (await send({ ...body, stream: false })).text()
    const warnings = server.logger.messages().filter((line) => line.includes('web_search'))
    expect(warnings).toEqual(['Responses API: left out tools Google cannot run: web_search'])
  })
})

describe('OpenAI SDK responses against agtray', () => {
  it('creates a response whose output_text the SDK reads', async () => {
    const response = await client.responses.create({
      model: 'gemini-2.5-flash',
      instructions: 'Be brief.',
      input: 'Say hello',
    })
    expect(response.output_text).toBe('Hello from gemini-2.5-flash as ana@example.com')
    expect(response.id).toMatch(/^resp_/)
    expect(response.usage?.total_tokens).toBeGreaterThan(0)
    expect(sentToGoogle().request.systemInstruction.parts[0].text).toBe('Be brief.')
  })

  it('streams events in order, numbered, the first before Google has finished', async () => {
    const release = fake.holdStreams()
    const stream = client.responses.stream({ model: 'gemini-2.5-flash', input: 'Say hello' })
    const events: OpenAI.Responses.ResponseStreamEvent[] = []
    let released = false
    for await (const event of stream) {
      events.push(event)
      if (!released && event.type === 'response.output_text.delta') {
        // Text arrived while the fake still holds the rest of its stream.
        released = true
        release()
      }
    }
    expect(released).toBe(true)
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index))
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.completed',
    ])
    const final = await stream.finalResponse()
    expect(final.output_text).toBe('Hello from gemini-2.5-flash as ana@example.com')
    expect(final.status).toBe('completed')
  })

  it('ends a stream that Google cut mid-answer with response.failed', async () => {
    fake.setGenerateHandler(({ model }) => ({
      kind: 'chunks',
      chunks: [
        {
          candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] } }],
          modelVersion: model,
        },
        // The fake cannot serialise this chunk, so it destroys the connection mid-stream.
        {
          toJSON() {
            throw new Error('cut')
          },
        },
      ],
      // Lets the first chunk reach agtray before the cut.
      delayMs: 50,
    }))
    const stream = client.responses.stream({ model: 'gemini-2.5-flash', input: 'Say hello' })
    const types: string[] = []
    for await (const event of stream) types.push(event.type)
    expect(types).toContain('response.output_text.delta')
    expect(types.at(-1)).toBe('response.failed')
    expect(types).not.toContain('response.completed')
    const final = await stream.finalResponse()
    expect(final.status).toBe('failed')
    expect(final.error?.message).toMatch(/broke off/)
  })

  it('stops Google when the client goes away mid-stream, without calling it a break', async () => {
    const release = fake.holdStreams()
    const controller = new AbortController()
    const stream = await client.responses.create(
      { model: 'gemini-2.5-flash', input: 'Say hello', stream: true },
      { signal: controller.signal },
    )
    const iterator = stream[Symbol.asyncIterator]()
    await iterator.next()
    controller.abort()
    await expect.poll(() => fake.openStreams(), { timeout: 2000 }).toBe(0)
    release()
    expect(server.logger.messages().filter((line) => line.includes('broke off'))).toEqual([])
  })

  it('runs a two-turn tool loop with thinking on gemini-3, the signature kept by the client', async () => {
    const model = 'gemini-3-flash'
    const input: OpenAI.Responses.ResponseInput = [
      { role: 'user', content: 'please call get_weather for Paris' },
    ]
    const options = {
      model,
      tools: [weatherTool],
      reasoning: { summary: 'auto' as const },
      include: ['reasoning.encrypted_content' as const],
      store: false,
    }
    const stream = client.responses.stream({ ...options, input })
    const first = await stream.finalResponse()
    const reasoning = first.output.find((item) => item.type === 'reasoning')
    const call = first.output.find((item) => item.type === 'function_call')
    expect(reasoning?.summary).toEqual([
      { type: 'summary_text', text: 'Thinking about gemini-3-flash' },
    ])
    expect(reasoning?.encrypted_content).toBeTruthy()
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', arguments: '{}' })
    expect(first.output.map((item) => item.type)).toEqual(['reasoning', 'function_call'])
    if (call?.type !== 'function_call' || !reasoning) throw new Error('no function call')

    const output = {
      type: 'function_call_output' as const,
      call_id: call.call_id,
      output: '{"temp_c": 21}',
    }
    const second = await client.responses.create({
      ...options,
      input: [...input, reasoning, call, output],
    })
    expect(second.output_text).toBe('Tool get_weather said: {"temp_c":21}')
    const modelTurn = sentToGoogle().request.contents.find(
      (content: any) => content.role === 'model',
    )
    const callPart = modelTurn.parts.find((part: any) => part.functionCall)
    expect(callPart.functionCall.name).toBe('get_weather')
    expect(callPart.thoughtSignature).toBe(reasoning.encrypted_content)

    // A client that drops reasoning items still gets its signature back from agtray's memory.
    const third = await client.responses.create({ ...options, input: [...input, call, output] })
    expect(third.output_text).toBe('Tool get_weather said: {"temp_c":21}')
    const remembered = sentToGoogle().request.contents.find(
      (content: any) => content.role === 'model',
    )
    expect(remembered.parts[0].thoughtSignature).toBe(reasoning.encrypted_content)
  })

  it('calls a function of a namespace tool by its own name and namespace', async () => {
    const tools = [
      {
        type: 'namespace' as const,
        name: 'crm',
        description: 'Customer records',
        tools: [
          {
            type: 'function' as const,
            name: 'lookup',
            description: 'Find a customer',
            parameters: { type: 'object', properties: { id: { type: 'string' } } },
          },
        ],
      },
    ]
    const input: OpenAI.Responses.ResponseInput = [
      { role: 'user', content: 'please call crm__lookup' },
    ]
    const first = await client.responses.create({ model: 'gemini-2.5-flash', tools, input })
    const call = first.output.find((item) => item.type === 'function_call')
    expect(call).toMatchObject({ name: 'lookup', namespace: 'crm' })
    if (call?.type !== 'function_call') throw new Error('no function call')
    const second = await client.responses.create({
      model: 'gemini-2.5-flash',
      tools,
      input: [
        ...input,
        call,
        { type: 'function_call_output', call_id: call.call_id, output: 'Ada' },
      ],
    })
    expect(second.output_text).toBe('Tool crm__lookup said: {"output":"Ada"}')
  })

  it('surfaces client mistakes as BadRequestError with the reason', async () => {
    const broken = new OpenAI({
      baseURL: `${server.url}/v1`,
      apiKey: server.apiKey,
      maxRetries: 0,
      fetch: (url, init) =>
        fetch(url, { ...init, body: '{"model": "gemini-2.5-flash", "input": [' }),
    })
    await expect(
      broken.responses.create({ model: 'gemini-2.5-flash', input: 'hi' }),
    ).rejects.toMatchObject({
      status: 400,
      constructor: OpenAI.BadRequestError,
      code: 'invalid_json',
    })

    const refusals: [OpenAI.Responses.ResponseCreateParamsNonStreaming, RegExp][] = [
      [
        { model: 'gemini-2.5-flash', input: 'hi', max_output_tokens: 'many' as never },
        /max_output_tokens/,
      ],
      [
        { model: 'gemini-2.5-flash', input: 'and then?', previous_response_id: 'resp_earlier' },
        /previous_response_id: agtray keeps no responses; send the whole conversation/,
      ],
      [
        {
          model: 'gemini-2.5-flash',
          input: [
            { role: 'user', content: 'hi' },
            { type: 'function_call_output', call_id: 'call_unknown', output: 'done' },
          ],
        },
        /call_id "call_unknown" matches no function_call/,
      ],
      [
        {
          model: 'gemini-2.5-flash',
          input: [
            {
              role: 'user',
              content: [
                { type: 'input_image', detail: 'auto', image_url: 'https://example.com/cat.png' },
              ],
            },
          ],
        },
        /input_image.*data: URLs/,
      ],
    ]
    for (const [params, reason] of refusals) {
      const error = await client.responses.create(params).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(OpenAI.BadRequestError)
      expect(error).toMatchObject({ status: 400, type: 'invalid_request_error' })
      expect((error as Error).message).toMatch(reason)
    }
    expect(fake.callsTo('streamGenerateContent')).toHaveLength(0)
  })
})
