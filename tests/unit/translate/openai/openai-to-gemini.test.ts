import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cleanToolSchema } from '../../../../src/core/translate/gemini/schema-cleaner'
import type { ChatCompletionRequest } from '../../../../src/core/translate/openai/openai-request-schema'
import { chatCompletionRequestSchema } from '../../../../src/core/translate/openai/openai-request-schema'
import {
  openAiToGemini,
  TranslationError,
} from '../../../../src/core/translate/openai/openai-to-gemini'

const noSignatures = { signatureFor: () => undefined }

const request = (body: Record<string, unknown>): ChatCompletionRequest =>
  chatCompletionRequestSchema.parse({ model: 'gemini-3-flash', ...body })

const translate = (body: Record<string, unknown>, signatures: Record<string, string> = {}) =>
  openAiToGemini(request(body), { signatureFor: (id) => signatures[id] })

const keysDeep = (value: unknown): string[] =>
  Array.isArray(value)
    ? value.flatMap(keysDeep)
    : value && typeof value === 'object'
      ? Object.entries(value).flatMap(([key, inner]) => [key, ...keysDeep(inner)])
      : []

describe('openAiToGemini with the Factory Droid request', () => {
  const body = JSON.parse(
    readFileSync(
      path.join(__dirname, '../../../fixtures/openai-chat.factory-droid.request.json'),
      'utf8',
    ),
  ) as {
    messages: { content: unknown }[]
    tools: { function: { name: string; parameters: unknown } }[]
  }
  const gemini = openAiToGemini(chatCompletionRequestSchema.parse(body), noSignatures)

  it('moves the system message into systemInstruction', () => {
    expect(gemini.systemInstruction).toEqual({
      role: 'user',
      parts: [{ text: body.messages[0]!.content }],
    })
  })

  it('merges the string and the array user messages into one user turn, part by part', () => {
    const second = body.messages[2]!.content as { text: string }[]
    expect(gemini.contents).toEqual([
      {
        role: 'user',
        parts: [{ text: body.messages[1]!.content }, { text: second[0]!.text }, { text: 'hello' }],
      },
    ])
  })

  it('declares all 12 tools with cleaned schemas', () => {
    const declarations = gemini.tools?.[0]?.functionDeclarations ?? []
    expect(gemini.tools).toHaveLength(1)
    expect(declarations.map((d) => d.name)).toEqual([
      'Read',
      'LS',
      'Execute',
      'Edit',
      'MultiEdit',
      'Grep',
      'Glob',
      'Create',
      'ExitSpecMode',
      'WebSearch',
      'TodoWrite',
      'FetchUrl',
    ])
    for (const [index, declaration] of declarations.entries()) {
      expect(declaration.parameters).toEqual(
        cleanToolSchema(body.tools[index]!.function.parameters),
      )
      expect(keysDeep(declaration.parameters)).not.toContain('$schema')
      expect(keysDeep(declaration.parameters)).not.toContain('additionalProperties')
      expect(declaration.description).toMatch(/\S/)
    }
    expect(Object.keys(declarations[0]!.parameters?.properties as object)).toEqual([
      'file_path',
      'offset',
      'limit',
    ])
  })

  it('maps max_tokens and temperature and sends no tool config the client did not ask for', () => {
    expect(gemini.generationConfig).toEqual({ maxOutputTokens: 32000, temperature: 1 })
    expect(gemini.toolConfig).toBeUndefined()
  })
})

describe('openAiToGemini conversation history', () => {
  const weather = {
    type: 'function',
    function: {
      name: 'get_weather',
      parameters: {
        type: 'object',
        properties: { city: { type: 'string' } },
        additionalProperties: false,
      },
    },
  }
  const history = [
    { role: 'system', content: 'Be brief.' },
    { role: 'developer', content: [{ type: 'text', text: 'Use tools.' }] },
    { role: 'user', content: 'Weather in Paris and Rome?' },
    {
      role: 'assistant',
      content: '',
      reasoning_content: 'I should call the tool twice.',
      tool_calls: [
        {
          id: 'call_a',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
        },
        {
          id: 'call_b',
          type: 'function',
          function: { name: 'get_weather', arguments: '{"city":"Rome"}' },
        },
      ],
    },
    { role: 'tool', tool_call_id: 'call_a', content: '{"temp":21}' },
    { role: 'tool', tool_call_id: 'call_b', content: 'Sunny, 18C' },
    { role: 'assistant', content: 'Paris 21, Rome sunny.' },
    { role: 'user', content: 'Thanks' },
  ]

  it('round-trips a parallel tool exchange with ids, names and cached signatures', () => {
    const gemini = translate({ messages: history, tools: [weather] }, { call_a: 'sig-a' })
    expect(gemini.systemInstruction).toEqual({
      role: 'user',
      parts: [{ text: 'Be brief.\n\nUse tools.' }],
    })
    expect(gemini.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'call_a' },
            thoughtSignature: 'sig-a',
          },
          {
            functionCall: { name: 'get_weather', args: { city: 'Rome' }, id: 'call_b' },
            thoughtSignature: 'skip_thought_signature_validator',
          },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', id: 'call_a', response: { temp: 21 } } },
          {
            functionResponse: {
              name: 'get_weather',
              id: 'call_b',
              response: { output: 'Sunny, 18C' },
            },
          },
        ],
      },
      { role: 'model', parts: [{ text: 'Paris 21, Rome sunny.' }] },
      { role: 'user', parts: [{ text: 'Thanks' }] },
    ])
  })

  it('keeps assistant text before its tool calls and treats empty arguments as no arguments', () => {
    const gemini = translate({
      messages: [
        { role: 'user', content: 'go' },
        {
          role: 'assistant',
          content: [{ type: 'text', text: 'Listing.' }],
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'ls', arguments: '' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: '[1,2]' }] },
      ],
    })
    expect(gemini.contents[1]).toEqual({
      role: 'model',
      parts: [
        { text: 'Listing.' },
        {
          functionCall: { name: 'ls', args: {}, id: 'c1' },
          thoughtSignature: 'skip_thought_signature_validator',
        },
      ],
    })
    // A JSON array is not an object, so it travels as text.
    expect(gemini.contents[2]?.parts).toEqual([
      { functionResponse: { name: 'ls', id: 'c1', response: { output: '[1,2]' } } },
    ])
  })

  it('maps legacy function_call history and function results', () => {
    const gemini = translate({
      messages: [
        { role: 'user', content: 'go' },
        {
          role: 'assistant',
          content: null,
          function_call: { name: 'ls', arguments: '{"dir":"/"}' },
        },
        { role: 'function', name: 'ls', content: 'a b' },
      ],
    })
    expect(gemini.contents.slice(1)).toEqual([
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'ls', args: { dir: '/' } },
            thoughtSignature: 'skip_thought_signature_validator',
          },
        ],
      },
      { role: 'user', parts: [{ functionResponse: { name: 'ls', response: { output: 'a b' } } }] },
    ])
  })

  it('refuses a tool message whose tool_call_id matches no earlier call', () => {
    const messages = [
      { role: 'user', content: 'x' },
      { role: 'tool', tool_call_id: 'nope', content: 'y' },
    ]
    expect(() => translate({ messages })).toThrow(TranslationError)
    expect(() => translate({ messages })).toThrow(
      /messages\[1\].*"nope".*no earlier assistant tool call/,
    )
  })

  it('refuses tool call arguments that are not JSON, naming the call', () => {
    const messages = [
      { role: 'user', content: 'x' },
      {
        role: 'assistant',
        tool_calls: [{ id: 'c9', type: 'function', function: { name: 'ls', arguments: '{dir:' } }],
      },
    ]
    expect(() => translate({ messages })).toThrow(
      new TranslationError('messages[1]: the arguments of tool call ls (c9) are not valid JSON'),
    )
  })
})

describe('openAiToGemini content parts', () => {
  it('turns a base64 data URL image into inlineData', () => {
    const gemini = translate({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is it?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'mp3' } },
            {
              type: 'file',
              file: { file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' },
            },
            { type: 'file', file: { file_data: 'SGVsbG8=', filename: 'notes.txt' } },
          ],
        },
      ],
    })
    expect(gemini.contents[0]?.parts).toEqual([
      { text: 'What is it?' },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
      { inlineData: { mimeType: 'audio/mp3', data: 'UklGRg==' } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
      { inlineData: { mimeType: 'text/plain', data: 'SGVsbG8=' } },
    ])
  })

  it('refuses an http image URL and says to send a data: URL', () => {
    const messages = [
      {
        role: 'user',
        content: [{ type: 'image_url', image_url: { url: 'https://example.com/cat.png' } }],
      },
    ]
    expect(() => translate({ messages })).toThrow(TranslationError)
    expect(() => translate({ messages })).toThrow(
      /^messages\[0\]\.content\[0\] \(image_url\): .*data: URLs/,
    )
  })

  it('refuses uploaded file ids', () => {
    const messages = [{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }]
    expect(() => translate({ messages })).toThrow(/file ids are not supported/)
  })
})

describe('openAiToGemini tools and generation config', () => {
  const messages = [{ role: 'user', content: 'hi' }]
  const tools = [
    { type: 'function', function: { name: 'a' } },
    {
      type: 'function',
      function: { name: 'b', description: 'B', parameters: { type: 'object', $schema: 'x' } },
    },
  ]

  it('declares a tool without parameters with an empty object schema', () => {
    expect(translate({ messages, tools }).tools).toEqual([
      {
        functionDeclarations: [
          { name: 'a', parameters: cleanToolSchema({ type: 'object', properties: {} }) },
          { name: 'b', description: 'B', parameters: cleanToolSchema({ type: 'object' }) },
        ],
      },
    ])
  })

  it.each([
    ['none', { mode: 'NONE' }],
    ['auto', { mode: 'AUTO' }],
    ['required', { mode: 'ANY' }],
    [
      { type: 'function', function: { name: 'b' } },
      { mode: 'ANY', allowedFunctionNames: ['b'] },
    ],
  ])('maps tool_choice %j', (choice, config) => {
    expect(translate({ messages, tools, tool_choice: choice }).toolConfig).toEqual({
      functionCallingConfig: config,
    })
  })

  it('maps legacy functions and function_call the same way', () => {
    const gemini = translate({ messages, functions: [{ name: 'f' }], function_call: { name: 'f' } })
    expect(gemini.tools?.[0]?.functionDeclarations?.map((d) => d.name)).toEqual(['f'])
    expect(gemini.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['f'] },
    })
  })

  it('refuses a tool_choice naming an undeclared function', () => {
    expect(() =>
      translate({ messages, tools, tool_choice: { type: 'function', function: { name: 'zz' } } }),
    ).toThrow(TranslationError)
  })

  it('maps every sampling option and prefers max_completion_tokens', () => {
    const gemini = translate({
      messages,
      max_tokens: 10,
      max_completion_tokens: 20,
      temperature: 0.2,
      top_p: 0.9,
      stop: 'END',
      seed: 7,
      n: 2,
      presence_penalty: 0.5,
      frequency_penalty: -0.5,
      reasoning_effort: 'medium',
    })
    expect(gemini.generationConfig).toEqual({
      maxOutputTokens: 20,
      temperature: 0.2,
      topP: 0.9,
      stopSequences: ['END'],
      seed: 7,
      candidateCount: 2,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 },
    })
  })

  it.each([
    ['low', 1024],
    ['high', 24576],
  ])('gives reasoning_effort %s a thinking budget of %i', (effort, budget) => {
    expect(
      translate({ messages, reasoning_effort: effort }).generationConfig?.thinkingConfig,
    ).toEqual({
      includeThoughts: true,
      thinkingBudget: budget,
    })
  })

  it('sends no generationConfig when the client set nothing, even as nulls', () => {
    const gemini = translate({
      messages,
      stop: null,
      temperature: null,
      reasoning_effort: 'minimal',
    })
    expect(gemini).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] })
  })

  it('asks for JSON for json_object', () => {
    expect(
      translate({ messages, response_format: { type: 'json_object' }, stop: ['a', 'b'] })
        .generationConfig,
    ).toEqual({
      responseMimeType: 'application/json',
      stopSequences: ['a', 'b'],
    })
  })

  it('sends a cleaned responseSchema for json_schema', () => {
    const schema = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      properties: { answer: { type: 'string' } },
      required: ['answer'],
      additionalProperties: false,
    }
    const config = translate({
      messages,
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'reply', strict: true, schema },
      },
    }).generationConfig
    expect(config).toEqual({
      responseMimeType: 'application/json',
      responseSchema: cleanToolSchema(schema),
    })
    expect(keysDeep(config?.responseSchema)).not.toContain('additionalProperties')
    expect(Object.keys(config?.responseSchema?.properties as object)).toEqual(['answer'])
  })
})
