import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { cleanToolSchema } from '../../src/core/translate/gemini/schema-cleaner'
import type { FakeGoogle } from '../fakes/google'
import { startFakeGoogle } from '../fakes/google'
import { issuedAccessToken } from '../helpers/fake-google-world'

/** The fake refuses what Cloud Code refuses (tools, history) and scripts tool-call answers. */

const fixture = (name: string): any =>
  JSON.parse(readFileSync(path.join(__dirname, '../fixtures', name), 'utf8'))

let fake: FakeGoogle
let accessToken: string
let projectId: string

beforeEach(async () => {
  fake = await startFakeGoogle()
  const { refreshToken } = fake.addUser({ email: 'ana@example.com' })
  accessToken = await issuedAccessToken(fake, refreshToken)
  projectId = fake.userForAccessToken(accessToken)!.projectId
})
afterEach(async () => {
  await fake.close()
})

const call = (method: 'generateContent' | 'streamGenerateContent', body: unknown) =>
  fetch(`${fake.url}/v1internal:${method}${method === 'streamGenerateContent' ? '?alt=sse' : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
    body: JSON.stringify(body),
  })

const envelope = (request: Record<string, unknown>, model = 'gemini-2.5-flash') => ({
  project: projectId,
  model,
  request: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }], ...request },
  userAgent: 'antigravity',
  requestType: 'agent',
  requestId: 'agent/1/abc',
})

async function generate(request: Record<string, unknown>, model?: string): Promise<any> {
  const response = await call('generateContent', envelope(request, model))
  expect(response.status).toBe(200)
  return ((await response.json()) as { response: any }).response
}

async function stream(request: Record<string, unknown>, model?: string): Promise<any[]> {
  const response = await call('streamGenerateContent', envelope(request, model))
  expect(response.status).toBe(200)
  return (await response.text())
    .split('\r\n\r\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => JSON.parse(block.slice('data: '.length)).response)
}

async function refusal(request: Record<string, unknown>, model?: string): Promise<any> {
  const response = await call('generateContent', envelope(request, model))
  expect(response.status).toBe(400)
  return response.json()
}

const claudeCodeTools = () =>
  fixture('claude-code-2.0.first-turn-17-tools.messages.request.json').tools as any[]

const toolsOf = (declarations: unknown[]) => [{ functionDeclarations: declarations }]

const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
}

const user = (text: string) => ({ role: 'user', parts: [{ text }] })
const modelCall = (name: string, extra: Record<string, unknown> = {}) => ({
  role: 'model',
  parts: [{ functionCall: { name, args: {} }, ...extra }],
})
const toolResult = (name: string, response: unknown) => ({
  role: 'user',
  parts: [{ functionResponse: { name, response } }],
})

describe('tool declarations', () => {
  it('refuses a raw Claude Code tool list with Google’s unknown-field body', async () => {
    const raw = claudeCodeTools().map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: tool.input_schema,
    }))
    const handlerCalls: unknown[] = []
    fake.setGenerateHandler((ctx) => {
      handlerCalls.push(ctx)
      return { kind: 'chunks', chunks: [] }
    })
    const body = await refusal({ tools: toolsOf(raw) })
    const shape = fixture('error-400-unknown-field-in-schema.json')
    expect(Object.keys(body.error).sort()).toEqual(Object.keys(shape.error).sort())
    expect(body.error).toMatchObject({ code: 400, status: 'INVALID_ARGUMENT' })
    const [details] = body.error.details
    expect(details['@type']).toBe('type.googleapis.com/google.rpc.BadRequest')
    const lines = body.error.message.split('\n')
    expect(lines).toEqual(details.fieldViolations.map((v: any) => v.description))
    expect(lines).toContain(
      'Invalid JSON payload received. Unknown name "$schema" at \'request.tools[0].function_declarations[0].parameters\': Cannot find field.',
    )
    expect(lines.filter((line: string) => line.includes('"$schema"'))).toHaveLength(17)
    for (const violation of details.fieldViolations) {
      expect(violation).toEqual({ field: expect.any(String), description: expect.any(String) })
      expect(violation.description).toMatch(
        /^Invalid JSON payload received\. Unknown name "[^"]+" at '([^']+)': Cannot find field\.$/,
      )
      expect(violation.description).toContain(`at '${violation.field}'`)
    }
    expect(handlerCalls).toEqual([])
  })

  it('accepts the same tools once cleaned, on both endpoints', async () => {
    const cleaned = claudeCodeTools().map((tool) => ({
      name: tool.name,
      description: tool.description,
      parameters: cleanToolSchema(tool.input_schema),
    }))
    await generate({ tools: toolsOf(cleaned) })
    await stream({ tools: toolsOf(cleaned) })
  })

  it('checks parametersJsonSchema with the same rules (gemini-cli’s spelling)', async () => {
    const cli = fixture('gemini-cli.v1internal.request.json')
    const body = await refusal({ tools: cli.request.tools })
    expect(body.error.message.split('\n')[0]).toBe(
      `Invalid JSON payload received. Unknown name "default" at 'request.tools[0].function_declarations[7].parameters_json_schema.properties[1].value': Cannot find field.`,
    )
    const cleaned = cli.request.tools.map((tool: any) => ({
      functionDeclarations: tool.functionDeclarations.map((fn: any) => ({
        ...fn,
        parametersJsonSchema: cleanToolSchema(fn.parametersJsonSchema),
      })),
    }))
    await generate({ tools: cleaned })
  })

  it('answers stream requests with the same body, labelled text/event-stream', async () => {
    const tools = toolsOf([{ ...weather, parameters: { ...weather.parameters, $schema: 'x' } }])
    const response = await call('streamGenerateContent', envelope({ tools }))
    expect(response.status).toBe(400)
    expect(response.headers.get('content-type')).toBe('text/event-stream')
    expect(JSON.parse(await response.text()).error.details[0].fieldViolations).toEqual([
      {
        field: 'request.tools[0].function_declarations[0].parameters',
        description:
          'Invalid JSON payload received. Unknown name "$schema" at \'request.tools[0].function_declarations[0].parameters\': Cannot find field.',
      },
    ])
  })

  it('refuses type lists and property values that are not schemas', async () => {
    const body = await refusal({
      tools: toolsOf([
        {
          name: 'edit',
          parameters: {
            type: 'object',
            properties: { note: { type: ['string', 'null'] }, flag: true },
          },
        },
      ]),
    })
    const at = 'request.tools[0].function_declarations[0].parameters'
    expect(body.error.message).toBe(
      [
        `Invalid JSON payload received. Unknown name "type" at '${at}.properties[0].value': Proto field is not repeating, cannot start list.`,
        `Invalid value at '${at}.properties[1].value' (type.googleapis.com/google.cloud.aiplatform.master.Schema), true`,
      ].join('\n'),
    )
  })

  it('refuses enums off strings and undefined required names, in Google’s semantic wording', async () => {
    const body = await refusal({
      tools: toolsOf([
        {
          name: 'set_level',
          parameters: {
            type: 'object',
            properties: { level: { type: 'integer', enum: ['1', '2'] } },
            required: ['level', 'reason'],
          },
        },
      ]),
    })
    const at = 'GenerateContentRequest.tools[0].function_declarations[0].parameters'
    expect(body).toEqual({
      error: {
        code: 400,
        message: `* ${at}.required[1]: property is not defined\n* ${at}.properties[level].enum: only allowed for STRING type\n`,
        status: 'INVALID_ARGUMENT',
      },
    })
  })
})

describe('history', () => {
  const tools = toolsOf([weather])

  it('refuses a Gemini 3 call whose signature was dropped, in the current turn only', async () => {
    const contents = [
      user('weather?'),
      modelCall('get_weather'),
      toolResult('get_weather', { c: 1 }),
    ]
    const body = await refusal({ tools, contents }, 'gemini-3-pro-high')
    expect(body).toEqual({
      error: {
        code: 400,
        message:
          'Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call `default_api:get_weather` , position 2. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.',
        status: 'INVALID_ARGUMENT',
      },
    })
    // Signed, or Google's documented stand-in: accepted.
    for (const thoughtSignature of ['EmIKsig', 'skip_thought_signature_validator']) {
      const signed = [contents[0], modelCall('get_weather', { thoughtSignature }), contents[2]]
      await generate({ tools, contents: signed }, 'gemini-3-flash')
    }
    // Older turns are not checked, nor parallel calls after the first, nor other models.
    await generate({ tools, contents: [...contents, user('thanks, and now?')] }, 'gemini-3-flash')
    const parallel = {
      role: 'model',
      parts: [
        { functionCall: { name: 'get_weather', args: {} }, thoughtSignature: 'sig' },
        { functionCall: { name: 'get_weather', args: {} } },
      ],
    }
    await generate({ tools, contents: [contents[0], parallel, contents[2]] }, 'gemini-3-flash')
    await generate({ tools, contents }, 'gemini-2.5-flash')
    await generate({ tools, contents }, 'claude-sonnet-4-6')
  })

  it('refuses an assistant prefill on Claude models, the Anthropic error inside Google’s', async () => {
    const contents = [user('Classify this'), { role: 'model', parts: [{ text: '{' }] }]
    const body = await refusal({ contents }, 'claude-sonnet-4-6')
    expect(body.error).toEqual({
      code: 400,
      message: expect.any(String),
      status: 'INVALID_ARGUMENT',
    })
    expect(JSON.parse(body.error.message)).toEqual({
      type: 'error',
      error: {
        type: 'invalid_request_error',
        message:
          'This model does not support assistant message prefill. The conversation must end with a user message.',
      },
      request_id: expect.stringMatching(/^req_vrtx_/),
    })
    await generate({ contents }, 'gemini-2.5-flash')
    await generate({ contents: [...contents, user('go on')] }, 'claude-sonnet-4-6')
  })

  it('refuses a function response without a name', async () => {
    const contents = [user('weather?'), modelCall('get_weather'), toolResult('', { c: 1 })]
    expect(await refusal({ tools, contents })).toEqual({
      error: {
        code: 400,
        message:
          '* GenerateContentRequest.contents[2].parts[0].function_response.name: Name cannot be empty.\n',
        status: 'INVALID_ARGUMENT',
      },
    })
  })
})

describe('scripted default replies', () => {
  const tools = toolsOf([weather, { name: 'get', parameters: { type: 'object', properties: {} } }])

  it('calls a declared tool when asked to "please call <toolName>"', async () => {
    const response = await generate(
      { tools, contents: [user('please call get_weather for Paris')] },
      'gemini-3-flash',
    )
    const [candidate] = response.candidates
    expect(candidate.finishReason).toBe('STOP')
    expect(candidate.content.parts).toEqual([
      {
        functionCall: { name: 'get_weather', args: {}, id: expect.stringMatching(/^\w{8}$/) },
        thoughtSignature: expect.stringMatching(/^[A-Za-z0-9+/=]{40,}$/),
      },
    ])
    const events = await stream(
      { tools, contents: [user('Please call get.')] },
      'claude-opus-4-6-thinking',
    )
    expect(events).toHaveLength(1)
    expect(events[0].candidates[0].content.parts[0].functionCall).toEqual({
      name: 'get',
      args: {},
      id: expect.stringMatching(/^toolu_vrtx_/),
    })
  })

  it('calls with the arguments of "please call <toolName> with <JSON object>"', async () => {
    const response = await generate(
      { tools, contents: [user('please call get_weather with {"city": "Paris {centre}"} now')] },
      'gemini-3-flash',
    )
    expect(response.candidates[0].content.parts[0].functionCall).toMatchObject({
      name: 'get_weather',
      args: { city: 'Paris {centre}' },
    })
    const broken = await generate(
      { tools, contents: [user('please call get_weather with {"city": ')] },
      'gemini-3-flash',
    )
    expect(broken.candidates[0].content.parts[0].functionCall.args).toEqual({})
  })

  it('does not call tools that are not declared', async () => {
    const response = await generate({ contents: [user('please call get_weather')] })
    expect(response.candidates[0].content.parts).toEqual([
      { text: 'Hello from gemini-2.5-flash as ana@example.com' },
    ])
  })

  it('reports a function response back as text, closing the Gemini 3 loop', async () => {
    const first = await generate(
      { tools, contents: [user('please call get_weather')] },
      'gemini-3-flash',
    )
    const modelTurn = first.candidates[0].content
    const contents = [
      user('please call get_weather'),
      modelTurn,
      toolResult('get_weather', { temp_c: 21 }),
    ]
    const second = await generate({ tools, contents }, 'gemini-3-flash')
    expect(second.candidates[0].content.parts).toEqual([
      { text: 'Tool get_weather said: {"temp_c":21}' },
    ])
  })

  it('thinks first when thoughts are asked for, as its own stream event', async () => {
    const generationConfig = { thinkingConfig: { includeThoughts: true, thinkingBudget: 1024 } }
    const events = await stream({ generationConfig }, 'claude-sonnet-4-6-thinking')
    expect(events[0].candidates[0].content.parts).toEqual([
      {
        text: 'Thinking about claude-sonnet-4-6-thinking',
        thought: true,
        thoughtSignature: expect.any(String),
      },
    ])
    expect(events[0].usageMetadata.thoughtsTokenCount).toBeGreaterThan(0)
    expect(
      events
        .slice(1)
        .map((e) => e.candidates[0].content.parts[0].text)
        .join(''),
    ).toBe('Hello from claude-sonnet-4-6-thinking as ana@example.com')
    const merged = await generate(
      { generationConfig, tools, contents: [user('please call get_weather')] },
      'gemini-3-pro-high',
    )
    const parts = merged.candidates[0].content.parts
    expect(parts.map((part: any) => Object.keys(part).sort())).toEqual([
      ['text', 'thought', 'thoughtSignature'],
      ['functionCall', 'thoughtSignature'],
    ])
  })

  it('answers JSON in JSON mode', async () => {
    const response = await generate({ generationConfig: { responseMimeType: 'application/json' } })
    expect(JSON.parse(response.candidates[0].content.parts[0].text)).toEqual({
      answer: 'Hello from gemini-2.5-flash',
    })
  })

  it('says how many images it saw', async () => {
    const contents = [
      {
        role: 'user',
        parts: [
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { text: 'What is this?' },
        ],
      },
    ]
    const response = await generate({ contents })
    expect(response.candidates[0].content.parts[0].text).toBe(
      'Hello from gemini-2.5-flash as ana@example.com. I see 1 image(s) (image/png)',
    )
  })
})

describe('openStreams', () => {
  it('counts streamed answers until they end or the client leaves', async () => {
    const release = fake.holdStreams()
    const controller = new AbortController()
    const response = await fetch(`${fake.url}/v1internal:streamGenerateContent?alt=sse`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify(envelope({})),
      signal: controller.signal,
    })
    await response.body!.getReader().read()
    expect(fake.openStreams()).toBe(1)
    controller.abort()
    await expect.poll(() => fake.openStreams(), { timeout: 2000 }).toBe(0)
    release()
    await stream({})
    expect(fake.openStreams()).toBe(0)
  })
})
