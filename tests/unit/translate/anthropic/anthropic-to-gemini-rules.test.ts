import { describe, expect, it } from 'vitest'
import { anthropicToGemini } from '../../../../src/core/translate/anthropic/anthropic-to-gemini'
import { requestOf } from './fixtures'

const PNG = 'iVBORw0KGgo='
const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }
const readUse = { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a' } }
const user = (content: unknown) => ({ role: 'user', content })
const assistant = (content: unknown) => ({ role: 'assistant', content })

describe('anthropicToGemini content', () => {
  it('maps roles, and merges consecutive turns of one role', () => {
    const gemini = anthropicToGemini(
      requestOf([user('a'), user([{ type: 'text', text: 'b' }]), assistant('c'), user('d')]),
    )
    expect(gemini.contents).toEqual([
      { role: 'user', parts: [{ text: 'a' }, { text: 'b' }] },
      { role: 'model', parts: [{ text: 'c' }] },
      { role: 'user', parts: [{ text: 'd' }] },
    ])
  })

  it('skips empty text, and merges the turns around a message left empty', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('a'),
        assistant([{ type: 'redacted_thinking', data: 'opaque' }]),
        user([
          { type: 'text', text: '' },
          { type: 'text', text: 'b' },
        ]),
      ]),
    )
    expect(gemini.contents).toEqual([{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }])
  })

  it('sends base64 images and documents as inline data, and a text document as text', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user([
          image,
          {
            type: 'document',
            source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
          },
          { type: 'document', source: { type: 'text', media_type: 'text/plain', data: 'notes' } },
          { type: 'text', text: 'what are these?', cache_control: { type: 'ephemeral' } },
        ]),
      ]),
    )
    expect(gemini.contents[0]?.parts).toEqual([
      { inlineData: { mimeType: 'image/png', data: PNG } },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBE' } },
      { text: 'notes' },
      { text: 'what are these?' },
    ])
  })

  it('answers a tool_use with its output, an error, and images right after the response', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go'),
        assistant([readUse, { type: 'tool_use', id: 'toolu_2', name: 'Shot', input: {} }]),
        user([
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            is_error: true,
            content: [{ type: 'text', text: 'no such file' }],
          },
          {
            type: 'tool_result',
            tool_use_id: 'toolu_2',
            content: [{ type: 'text', text: 'one' }, image, { type: 'text', text: 'two' }],
          },
          { type: 'text', text: 'continue' },
        ]),
      ]),
    )
    expect(gemini.contents[2]?.parts).toEqual([
      {
        functionResponse: { name: 'Read', id: 'toolu_1', response: { error: 'no such file' } },
      },
      { functionResponse: { name: 'Shot', id: 'toolu_2', response: { output: 'one\ntwo' } } },
      { inlineData: { mimeType: 'image/png', data: PNG } },
      { text: 'continue' },
    ])
  })

  it('gives a tool_result without content an empty output', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go'),
        assistant([readUse]),
        user([{ type: 'tool_result', tool_use_id: 'toolu_1' }]),
      ]),
    )
    expect(gemini.contents[2]?.parts).toEqual([
      { functionResponse: { name: 'Read', id: 'toolu_1', response: { output: '' } } },
    ])
  })
})

describe('anthropicToGemini thinking', () => {
  it('puts a thinking signature on the first call after it only', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go'),
        assistant([
          { type: 'thinking', thinking: 'plan', signature: 'sig-1' },
          readUse,
          { type: 'tool_use', id: 'toolu_2', name: 'Write', input: {} },
        ]),
      ]),
    )
    expect(gemini.contents[1]?.parts).toEqual([
      { text: 'plan', thought: true, thoughtSignature: 'sig-1' },
      {
        functionCall: { name: 'Read', args: { path: 'a' }, id: 'toolu_1' },
        thoughtSignature: 'sig-1',
      },
      { functionCall: { name: 'Write', args: {}, id: 'toolu_2' } },
    ])
  })

  it('sends an empty signed thinking block only as the signature on its call', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go'),
        assistant([{ type: 'thinking', thinking: '', signature: 's' }, readUse]),
      ]),
    )
    expect(gemini.contents[1]?.parts).toEqual([
      { functionCall: { name: 'Read', args: { path: 'a' }, id: 'toolu_1' }, thoughtSignature: 's' },
    ])
  })

  it('does not carry a signature over to the calls of a later turn', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go'),
        assistant([
          { type: 'thinking', thinking: 'hm', signature: 's' },
          { type: 'text', text: 'ok' },
        ]),
        user('now read'),
        assistant([readUse]),
      ]),
    )
    expect(gemini.contents[3]?.parts).toEqual([
      { functionCall: { name: 'Read', args: { path: 'a' }, id: 'toolu_1' } },
    ])
  })

  it('drops unsigned and redacted thinking, which upstream would refuse', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go'),
        assistant([
          { type: 'thinking', thinking: 'unsigned' },
          { type: 'redacted_thinking', data: 'EmwK' },
          { type: 'text', text: 'done' },
        ]),
      ]),
    )
    expect(gemini.contents[1]).toEqual({ role: 'model', parts: [{ text: 'done' }] })
  })
})

describe('anthropicToGemini settings', () => {
  it('takes a string system prompt, and none when it is empty', () => {
    const withSystem = anthropicToGemini(requestOf([user('hi')], { system: 'be brief' }))
    expect(withSystem.systemInstruction).toEqual({ role: 'user', parts: [{ text: 'be brief' }] })
    expect(anthropicToGemini(requestOf([user('hi')], { system: '' }))).not.toHaveProperty(
      'systemInstruction',
    )
  })

  it('declares custom tools, skips server tools and maps each tool_choice', () => {
    const tools = [
      { name: 'Read', description: 'Reads', input_schema: { type: 'object', properties: {} } },
      { name: 'Ping', input_schema: { type: 'object' } },
      { type: 'web_search_20250305', name: 'web_search', max_uses: 5 },
    ]
    const translate = (tool_choice?: unknown) =>
      anthropicToGemini(requestOf([user('hi')], { tools, ...(tool_choice ? { tool_choice } : {}) }))
    expect(translate().tools).toEqual([
      {
        functionDeclarations: [
          { name: 'Read', description: 'Reads', parameters: { type: 'object', properties: {} } },
          { name: 'Ping', parameters: { type: 'object', properties: {} } },
        ],
      },
    ])
    expect(translate()).not.toHaveProperty('toolConfig')
    expect(translate({ type: 'auto' }).toolConfig).toEqual({
      functionCallingConfig: { mode: 'AUTO' },
    })
    expect(translate({ type: 'any' }).toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY' },
    })
    expect(translate({ type: 'none' }).toolConfig).toEqual({
      functionCallingConfig: { mode: 'NONE' },
    })
    expect(translate({ type: 'tool', name: 'Ping' }).toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['Ping'] },
    })
  })

  it('ignores tool_choice when no function is declared', () => {
    const gemini = anthropicToGemini(
      requestOf([user('hi')], {
        tools: [{ type: 'web_search_20250305', name: 'web_search' }],
        tool_choice: { type: 'any' },
      }),
    )
    expect(gemini).not.toHaveProperty('tools')
    expect(gemini).not.toHaveProperty('toolConfig')
  })

  it('maps sampling settings, thinking and the user id', () => {
    const gemini = anthropicToGemini(
      requestOf([user('hi')], {
        max_tokens: 50,
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['END'],
        thinking: { type: 'enabled', budget_tokens: 2048 },
        metadata: { user_id: 'user_abc_session_1' },
      }),
    )
    expect(gemini.generationConfig).toEqual({
      maxOutputTokens: 50,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
      thinkingConfig: { includeThoughts: true, thinkingBudget: 2048 },
    })
    expect(gemini.sessionId).toBe('user_abc_session_1')
  })

  it('asks for thoughts without a budget for adaptive thinking, and none when disabled', () => {
    const config = (thinking: unknown) =>
      anthropicToGemini(requestOf([user('hi')], { max_tokens: 10, thinking })).generationConfig
    expect(config({ type: 'adaptive' })).toEqual({
      maxOutputTokens: 10,
      thinkingConfig: { includeThoughts: true },
    })
    expect(config({ type: 'disabled' })).toEqual({ maxOutputTokens: 10 })
  })
})
