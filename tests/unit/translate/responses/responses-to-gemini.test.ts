import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cleanToolSchema } from '../../../../src/core/translate/gemini/schema-cleaner'
import { responsesRequestSchema } from '../../../../src/core/translate/responses/responses-request-schema'
import {
  responsesToGemini,
  TranslationError,
} from '../../../../src/core/translate/responses/responses-to-gemini'
import { createToolNames } from '../../../../src/core/translate/responses/responses-tools'
import { checkHistory, toolDeclarationViolations } from '../../../fakes/google'

const codex = JSON.parse(
  readFileSync(
    path.join(__dirname, '../../../fixtures/codex-0.171.0.plain.responses.request.json'),
    'utf8',
  ),
)

function translate(
  body: Record<string, unknown>,
  options: { signatures?: Record<string, string>; foldPrefill?: boolean } = {},
) {
  const request = responsesRequestSchema.parse({ model: 'gemini-3-flash', ...body })
  return responsesToGemini(request, {
    names: createToolNames(request),
    signatureFor: (id) => options.signatures?.[id],
    foldPrefill: options.foldPrefill ?? false,
  })
}

const contentsOf = (input: unknown[], extra: Record<string, unknown> = {}) =>
  translate({ input, ...extra }).request.contents

const user = (text: string) => ({ role: 'user', content: text })
const weather = { type: 'function', name: 'get_weather', parameters: { type: 'object' } }

describe('responsesToGemini with the captured Codex 0.171.0 request, sent as is', () => {
  const { request, droppedTools } = translate(codex)
  const declarations = request.tools?.[0]?.functionDeclarations ?? []

  it('declares every function and each function of the namespace, with cleaned schemas', () => {
    const expected = codex.tools.flatMap((tool: any) =>
      tool.type === 'function'
        ? [{ name: tool.name, description: tool.description, parameters: tool.parameters }]
        : tool.type === 'namespace'
          ? tool.tools.map((inner: any) => ({
              name: `${tool.name}__${inner.name}`,
              description: inner.description,
              parameters: inner.parameters,
            }))
          : [],
    )
    expect(expected.length).toBeGreaterThan(8)
    expect(declarations).toEqual(
      expected.map((tool: any) => ({ ...tool, parameters: cleanToolSchema(tool.parameters) })),
    )
    expect(request.tools).toHaveLength(1)
    // What Google (as strict as the fake) would refuse in a tool schema.
    expect(toolDeclarationViolations(request)).toEqual([])
  })

  it('leaves out web_search and says so', () => {
    expect(droppedTools).toEqual(['web_search'])
    expect(JSON.stringify(request.tools)).not.toContain('web_search')
  })

  it('moves the developer messages into systemInstruction, in order', () => {
    const developer = codex.input
      .filter((item: any) => item.role === 'developer')
      .map((item: any) => item.content.map((part: any) => part.text).join(''))
    expect(developer).toHaveLength(2)
    expect(request.systemInstruction).toEqual({
      role: 'user',
      parts: [{ text: developer.join('\n\n') }],
    })
  })

  it('keeps the user messages as one user turn', () => {
    const texts = codex.input
      .filter((item: any) => item.role === 'user')
      .flatMap((item: any) => item.content.map((part: any) => ({ text: part.text })))
    expect(request.contents).toEqual([{ role: 'user', parts: texts }])
  })

  it('uses prompt_cache_key as the session and shows thoughts for reasoning.summary', () => {
    expect(request.sessionId).toBe(codex.prompt_cache_key)
    expect(request.generationConfig).toEqual({ thinkingConfig: { includeThoughts: true } })
    expect(request.toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } })
  })
})

describe('responsesToGemini input items', () => {
  const PNG = 'iVBORw0KGgo='

  it('takes a string input as one user message', () => {
    expect(translate({ input: 'Say hello' }).request.contents).toEqual([
      { role: 'user', parts: [{ text: 'Say hello' }] },
    ])
  })

  it('maps every content part of a message', () => {
    const contents = contentsOf([
      {
        type: 'message',
        role: 'user',
        content: [
          { type: 'input_text', text: 'Look:' },
          { type: 'input_image', detail: 'auto', image_url: `data:image/png;base64,${PNG}` },
          { type: 'input_file', filename: 'a.pdf', file_data: 'JVBERi0=' },
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          { type: 'input_text', text: '' },
        ],
      },
      {
        type: 'message',
        role: 'assistant',
        content: [
          { type: 'output_text', text: 'Seen.', annotations: [] },
          { type: 'refusal', refusal: ' No more.' },
        ],
      },
      user('ok'),
    ])
    expect(contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Look:' },
          { inlineData: { mimeType: 'image/png', data: PNG } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
          { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
        ],
      },
      { role: 'model', parts: [{ text: 'Seen.' }, { text: ' No more.' }] },
      { role: 'user', parts: [{ text: 'ok' }] },
    ])
  })

  it('joins instructions, system and developer messages into systemInstruction', () => {
    const { request } = translate({
      instructions: 'Be brief.',
      input: [
        { role: 'system', content: 'Rule one.' },
        user('hi'),
        { role: 'developer', content: [{ type: 'input_text', text: 'Rule two.' }] },
      ],
    })
    expect(request.systemInstruction?.parts).toEqual([
      { text: 'Be brief.\n\nRule one.\n\nRule two.' },
    ])
    expect(request.contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }])
  })

  it('refuses an image URL, an uploaded file id and a stored item by reference', () => {
    const image = { type: 'input_image', detail: 'auto', image_url: 'https://example.com/a.png' }
    expect(() => contentsOf([{ role: 'user', content: [image] }])).toThrow(
      /input\[0\]\.content\[0\] \(input_image\): agtray cannot fetch image URLs.*data: URLs/,
    )
    expect(() =>
      contentsOf([{ role: 'user', content: [{ type: 'input_file', file_id: 'file-1' }] }]),
    ).toThrow(/input\[0\]\.content\[0\] \(input_file\): uploaded file ids/)
    expect(() => contentsOf([user('hi'), { type: 'item_reference', id: 'msg_1' }])).toThrow(
      /input\[1\] \(item_reference\): agtray keeps no responses/,
    )
    expect(() => contentsOf([{ role: 'developer', content: [image] }, user('hi')])).toThrow(
      TranslationError,
    )
  })

  it('skips items of built-in tools Google never ran', () => {
    expect(
      contentsOf([
        user('search the web'),
        { type: 'web_search_call', id: 'ws_1', status: 'completed', action: { type: 'search' } },
        { type: 'compaction', encrypted_content: 'x' },
        user('thanks'),
      ]),
    ).toEqual([{ role: 'user', parts: [{ text: 'search the web' }, { text: 'thanks' }] }])
  })

  it('turns function calls and outputs into named functionCall / functionResponse turns', () => {
    const contents = contentsOf(
      [
        user('weather in Paris and Rome?'),
        {
          type: 'function_call',
          call_id: 'c1',
          name: 'get_weather',
          arguments: '{"city":"Paris"}',
        },
        { type: 'function_call', call_id: 'c2', name: 'get_weather', arguments: '' },
        { type: 'function_call_output', call_id: 'c1', output: '{"temp_c": 21}' },
        {
          type: 'function_call_output',
          call_id: 'c2',
          output: [
            { type: 'input_text', text: 'sunny' },
            { type: 'input_image', detail: 'low', image_url: `data:image/png;base64,${PNG}` },
          ],
        },
      ],
      { tools: [weather] },
    )
    expect(contents).toEqual([
      { role: 'user', parts: [{ text: 'weather in Paris and Rome?' }] },
      {
        role: 'model',
        parts: [
          {
            functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'c1' },
            thoughtSignature: 'skip_thought_signature_validator',
          },
          // Google checks the first call of a turn only.
          { functionCall: { name: 'get_weather', args: {}, id: 'c2' } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_weather', id: 'c1', response: { temp_c: 21 } } },
          { functionResponse: { name: 'get_weather', id: 'c2', response: { output: 'sunny' } } },
          { inlineData: { mimeType: 'image/png', data: PNG } },
        ],
      },
    ])
    expect(checkHistory('gemini-3-flash', contents as never)).toBeNull()
  })

  it('refuses an output for a call that is not in input, and arguments that are not JSON', () => {
    expect(() =>
      contentsOf([user('hi'), { type: 'function_call_output', call_id: 'nope', output: 'x' }]),
    ).toThrow(/input\[1\] \(function_call_output\): call_id "nope" matches no function_call/)
    expect(() =>
      contentsOf([user('hi'), { type: 'function_call', call_id: 'c', name: 'f', arguments: '{' }]),
    ).toThrow(/input\[1\]: the arguments of tool call f \(c\) are not valid JSON/)
  })

  it('puts the reasoning item’s signature on the call after it, and sends its summary back as a thought', () => {
    const contents = contentsOf(
      [
        user('weather?'),
        {
          type: 'reasoning',
          id: 'rs_1',
          summary: [{ type: 'summary_text', text: 'Need the tool.' }],
          encrypted_content: 'SIG-1',
        },
        { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
      ],
      // The cache knows another signature; the one the client sent back wins.
      { signatures: { c1: 'CACHED' } },
    )
    expect(contents[1]).toEqual({
      role: 'model',
      parts: [
        { text: 'Need the tool.', thought: true, thoughtSignature: 'SIG-1' },
        {
          functionCall: { name: 'get_weather', args: {}, id: 'c1' },
          thoughtSignature: 'SIG-1',
        },
      ],
    })
  })

  it('falls back on the remembered signature, then on Google’s escape hatch', () => {
    const history = [
      user('weather?'),
      { type: 'reasoning', id: 'rs_1', summary: [] },
      { type: 'function_call', call_id: 'c1', name: 'get_weather', arguments: '{}' },
      { type: 'function_call_output', call_id: 'c1', output: 'sunny' },
    ]
    const signed = (signatures: Record<string, string>) =>
      translate({ input: history }, { signatures }).request.contents[1]?.parts
    expect(signed({ c1: 'CACHED' })).toEqual([
      { functionCall: { name: 'get_weather', args: {}, id: 'c1' }, thoughtSignature: 'CACHED' },
    ])
    expect(signed({})?.[0]?.thoughtSignature).toBe('skip_thought_signature_validator')
  })

  it('calls a namespaced function by its flat name and answers it under the same', () => {
    const contents = contentsOf(
      [
        user('close it'),
        {
          type: 'function_call',
          call_id: 'c1',
          name: 'close_agent',
          namespace: 'multi_agent_v1',
          arguments: '{"target":"a1"}',
        },
        { type: 'function_call_output', call_id: 'c1', output: 'closed' },
      ],
      { tools: codex.tools },
    )
    expect((contents[1]?.parts[0] as any).functionCall.name).toBe('multi_agent_v1__close_agent')
    expect((contents[2]?.parts[0] as any).functionResponse.name).toBe('multi_agent_v1__close_agent')
  })

  it('folds a trailing assistant message for Claude, which refuses a prefill', () => {
    const input = [user('Answer in JSON'), { role: 'assistant', content: '{' }]
    expect(translate({ input }, { foldPrefill: true }).request.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'Answer in JSON' },
          { text: '(Begin your answer with exactly this text: {)' },
        ],
      },
    ])
    expect(translate({ input }).request.contents.at(-1)?.role).toBe('model')
  })

  it('refuses previous_response_id: agtray stores nothing', () => {
    expect(() => translate({ input: 'and?', previous_response_id: 'resp_1' })).toThrow(
      'previous_response_id: agtray keeps no responses; send the whole conversation in input (as Codex does with store: false)',
    )
    expect(() => translate({ input: 'hi', store: true })).not.toThrow()
  })

  it('refuses an input with no turn at all', () => {
    expect(() => translate({ input: [{ role: 'developer', content: 'x' }] })).toThrow(
      /send at least one user message/,
    )
  })
})

describe('responsesToGemini options', () => {
  const input = 'hi'

  it('maps tool_choice', () => {
    const config = (tool_choice: unknown) =>
      translate({ input, tools: [weather], tool_choice }).request.toolConfig
    expect(config('required')).toEqual({ functionCallingConfig: { mode: 'ANY' } })
    expect(config('none')).toEqual({ functionCallingConfig: { mode: 'NONE' } })
    expect(config({ type: 'function', name: 'get_weather' })).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
    })
    expect(
      config({
        type: 'allowed_tools',
        mode: 'required',
        tools: [{ type: 'function', name: 'get_weather' }],
      }),
    ).toEqual({ functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } })
    expect(config({ type: 'web_search_preview' })).toBeUndefined()
    expect(() => config({ type: 'function', name: 'nope' })).toThrow(
      'tool_choice names the function "nope", which is not in tools',
    )
    expect(translate({ input, tool_choice: 'required' }).request.toolConfig).toBeUndefined()
  })

  it('drops every built-in tool type, naming each once', () => {
    const { request, droppedTools } = translate({
      input,
      tools: [
        { type: 'web_search' },
        { type: 'file_search', vector_store_ids: ['vs'] },
        { type: 'computer_use_preview', display_width: 1, display_height: 1, environment: 'linux' },
        { type: 'code_interpreter', container: { type: 'auto' } },
        { type: 'image_generation' },
        { type: 'local_shell' },
        { type: 'custom', name: 'apply_patch' },
        { type: 'web_search' },
        { type: 'namespace', name: 'ns', tools: [{ type: 'custom', name: 'freeform' }] },
      ],
    })
    expect(droppedTools).toEqual([
      'web_search',
      'file_search',
      'computer_use_preview',
      'code_interpreter',
      'image_generation',
      'local_shell',
      'custom',
      'custom (in ns)',
    ])
    expect(request.tools).toBeUndefined()
  })

  it('maps sampling, output length, JSON output and reasoning effort', () => {
    const { request } = translate({
      input,
      max_output_tokens: 100,
      temperature: 0.3,
      top_p: 0.8,
      reasoning: { effort: 'medium', summary: 'detailed' },
      text: {
        format: {
          type: 'json_schema',
          name: 'answer',
          schema: {
            type: 'object',
            properties: { a: { type: 'string' } },
            additionalProperties: false,
          },
        },
      },
    })
    expect(request.generationConfig).toEqual({
      maxOutputTokens: 100,
      temperature: 0.3,
      topP: 0.8,
      responseMimeType: 'application/json',
      responseSchema: { type: 'object', properties: { a: { type: 'string' } } },
      thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 },
    })
    expect(
      translate({ input, text: { format: { type: 'json_object' } } }).request.generationConfig,
    ).toEqual({ responseMimeType: 'application/json' })
  })

  it.each([
    ['low', { thinkingBudget: 1024 }],
    ['high', { thinkingBudget: 24576 }],
    ['xhigh', { thinkingBudget: 24576 }],
  ])(
    'gives effort %s the chat route’s thinking budget, thoughts hidden without summary',
    (effort, thinking) => {
      expect(translate({ input, reasoning: { effort } }).request.generationConfig).toEqual({
        thinkingConfig: thinking,
      })
    },
  )

  it('leaves Google’s default for effort none and minimal, and hides thoughts for none', () => {
    expect(translate({ input, reasoning: { effort: 'minimal' } }).request.generationConfig).toBe(
      undefined,
    )
    expect(
      translate({ input, reasoning: { effort: 'none', summary: 'auto' } }).request.generationConfig,
    ).toBeUndefined()
  })
})
