import { describe, expect, it } from 'vitest'
import {
  anthropicToGemini,
  TranslationError,
} from '../../../../src/core/translate/anthropic/anthropic-to-gemini'
import { chatCompletionRequestSchema } from '../../../../src/core/translate/openai/openai-request-schema'
import { openAiToGemini } from '../../../../src/core/translate/openai/openai-to-gemini'
import { requestOf } from './fixtures'

const PNG = 'iVBORw0KGgo='
const image = { type: 'image', source: { type: 'base64', media_type: 'image/png', data: PNG } }
const readUse = { type: 'tool_use', id: 'toolu_1', name: 'Read', input: { path: 'a' } }
const user = (content: unknown) => ({ role: 'user', content })
const assistant = (content: unknown) => ({ role: 'assistant', content })
const system = (content: unknown, extra: Record<string, unknown> = {}) => ({
  role: 'system',
  content,
  ...extra,
})
const reminder = (text: string) => ({ text: `<system-reminder>\n${text}\n</system-reminder>` })

describe('system messages inside messages', () => {
  it('adds system messages before the first turn to systemInstruction, after `system`', () => {
    const gemini = anthropicToGemini(
      requestOf([system('rule one'), system([{ type: 'text', text: 'rule two' }]), user('hi')], {
        system: 'top',
      }),
    )
    expect(gemini.systemInstruction).toEqual({
      role: 'user',
      parts: [{ text: 'top' }, { text: 'rule one' }, { text: 'rule two' }],
    })
    expect(gemini.contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }])
  })

  it('keeps a later system message at its place, as a tagged part of the user turn', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('first'),
        assistant('answer'),
        user('second'),
        system([
          { type: 'text', text: 'be brief', cache_control: { type: 'ephemeral' } },
          { type: 'text', text: 'in French' },
        ]),
      ]),
    )
    expect(gemini.systemInstruction).toBeUndefined()
    expect(gemini.contents).toEqual([
      { role: 'user', parts: [{ text: 'first' }] },
      { role: 'model', parts: [{ text: 'answer' }] },
      { role: 'user', parts: [{ text: 'second' }, reminder('be brief\n\nin French')] },
    ])
  })

  it('ends on a user turn when a system message follows an assistant turn', () => {
    const gemini = anthropicToGemini(
      requestOf([user('hi'), assistant('hello'), system('now summarise')]),
      { foldPrefill: true },
    )
    expect(gemini.contents.map((content) => content.role)).toEqual(['user', 'model', 'user'])
    expect(gemini.contents.at(-1)?.parts).toEqual([reminder('now summarise')])
  })

  it('folds a prefill that follows a system message into the user turn before it', () => {
    const gemini = anthropicToGemini(
      requestOf([user('classify'), system('answer in JSON'), assistant('{')]),
      { foldPrefill: true },
    )
    expect(gemini.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: 'classify' },
          reminder('answer in JSON'),
          { text: '(Begin your answer with exactly this text: {)' },
        ],
      },
    ])
  })

  it('puts tool results before the system message that follows them', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go'),
        assistant([readUse]),
        user([{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'text' }]),
        system('stop after this'),
      ]),
    )
    expect(gemini.contents[2]?.parts).toEqual([
      { functionResponse: { name: 'Read', id: 'toolu_1', response: { output: 'text' } } },
      reminder('stop after this'),
    ])
  })

  it('drops a clear_at "next_user_message" system message once a later user message exists', () => {
    const messages = [
      user('one'),
      system('only for turn one', { clear_at: 'next_user_message' }),
      assistant('ok'),
      user('two'),
    ]
    expect(anthropicToGemini(requestOf(messages)).contents[0]?.parts).toEqual([{ text: 'one' }])
    expect(anthropicToGemini(requestOf(messages.slice(0, 2))).contents[0]?.parts).toEqual([
      { text: 'one' },
      reminder('only for turn one'),
    ])
  })

  it('ignores system messages with no text (an effort alone, tool changes)', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('hi'),
        { role: 'system', output_config: { effort: 'low' } },
        system([{ type: 'tool_removal', tool: { type: 'tool_reference', tool_name: 'Bash' } }]),
      ]),
    )
    expect(gemini.contents).toEqual([{ role: 'user', parts: [{ text: 'hi' }] }])
  })
})

describe('effort', () => {
  const adaptive = { type: 'adaptive' }
  const budgetOf = (extra: Record<string, unknown>, messages: unknown[] = [user('hi')]) =>
    anthropicToGemini(requestOf(messages, { max_tokens: 64000, thinking: adaptive, ...extra }))
      .generationConfig?.thinkingConfig

  it.each([
    ['low', 1024],
    ['medium', 8192],
    ['high', 24576],
    ['xhigh', 24576],
    ['max', 24576],
  ])('gives effort %s a budget of %i, as OpenAI’s reasoning_effort gets', (effort, budget) => {
    expect(budgetOf({ output_config: { effort } })).toEqual({
      includeThoughts: true,
      thinkingBudget: budget,
    })
    const openAi = openAiToGemini(
      chatCompletionRequestSchema.parse({
        model: 'gemini-3-flash',
        messages: [{ role: 'user', content: 'hi' }],
        reasoning_effort: effort,
      }),
      { signatureFor: () => undefined },
    )
    expect(openAi.generationConfig?.thinkingConfig?.thinkingBudget).toBe(budget)
  })

  it('lets the latest system message’s effort win over the request’s', () => {
    const messages = [user('hi'), system('x', { output_config: { effort: 'low' } })]
    expect(budgetOf({ output_config: { effort: 'high' } }, messages)).toEqual({
      includeThoughts: true,
      thinkingBudget: 1024,
    })
  })

  it('keeps the budget below max_tokens, leaving a quarter for the answer', () => {
    expect(budgetOf({ max_tokens: 16000, output_config: { effort: 'high' } })).toEqual({
      includeThoughts: true,
      thinkingBudget: 12000,
    })
    expect(budgetOf({ max_tokens: 4096, output_config: { effort: 'medium' } })).toEqual({
      includeThoughts: true,
      thinkingBudget: 3072,
    })
  })

  it('asks for no thinking when max_tokens leaves no room to think and answer', () => {
    const config = anthropicToGemini(
      requestOf([user('hi')], {
        max_tokens: 1500,
        thinking: adaptive,
        output_config: { effort: 'high' },
      }),
    ).generationConfig
    expect(config).toEqual({ maxOutputTokens: 1500 })
  })

  it('lets the model pick without an effort, or with one that names no budget', () => {
    expect(budgetOf({})).toEqual({ includeThoughts: true })
    expect(budgetOf({ output_config: { effort: 'someday' } })).toEqual({ includeThoughts: true })
  })

  it('leaves an explicit budget_tokens alone, and thinks not at all without thinking', () => {
    expect(
      budgetOf({
        thinking: { type: 'enabled', budget_tokens: 5000 },
        output_config: { effort: 'low' },
      }),
    ).toEqual({ includeThoughts: true, thinkingBudget: 5000 })
    expect(budgetOf({ thinking: undefined, output_config: { effort: 'high' } })).toBeUndefined()
  })
})

describe('structured output', () => {
  it('asks Gemini for JSON with the cleaned schema of output_config.format', () => {
    const config = anthropicToGemini(
      requestOf([user('hi')], {
        output_config: {
          format: {
            type: 'json_schema',
            schema: {
              type: 'object',
              properties: { title: { type: 'string' } },
              required: ['title'],
              additionalProperties: false,
            },
          },
        },
      }),
    ).generationConfig
    expect(config).toEqual({
      maxOutputTokens: 1024,
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'object',
        properties: { title: { type: 'string' } },
        required: ['title'],
      },
    })
  })
})

describe('content blocks', () => {
  const partsOfUser = (content: unknown[]) =>
    anthropicToGemini(requestOf([user(content)])).contents[0]?.parts

  it('sends a search result as its title, source and text', () => {
    expect(
      partsOfUser([
        {
          type: 'search_result',
          source: 'https://docs.example.com/a',
          title: 'Setup',
          content: [
            { type: 'text', text: 'Run npm ci.' },
            { type: 'text', text: 'Then npm test.' },
          ],
        },
      ]),
    ).toEqual([{ text: 'Setup (https://docs.example.com/a)\nRun npm ci.\nThen npm test.' }])
  })

  it('sends a content document as its text and images, with its title and context first', () => {
    expect(
      partsOfUser([
        {
          type: 'document',
          title: 'Report',
          context: 'from the wiki',
          source: {
            type: 'content',
            content: [
              { type: 'text', text: 'page one' },
              image,
              { type: 'text', text: 'page two' },
            ],
          },
        },
        { type: 'document', source: { type: 'content', content: 'plain' } },
      ]),
    ).toEqual([
      { text: 'Report\nfrom the wiki' },
      { text: 'page one\npage two' },
      { inlineData: { mimeType: 'image/png', data: PNG } },
      { text: 'plain' },
    ])
  })

  it('refuses a Files API document, saying to send base64', () => {
    expect(() =>
      partsOfUser([{ type: 'document', source: { type: 'file', file_id: 'file_1' } }]),
    ).toThrow(
      'messages[0].content[0] (document): send it as base64 (source.type "base64" with media_type and data); agtray cannot fetch Files API files',
    )
  })

  it('sends a compaction summary as text', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go on'),
        assistant([
          { type: 'compaction', content: 'We fixed the build.' },
          { type: 'text', text: 'ok' },
        ]),
        user('next'),
      ]),
    )
    expect(gemini.contents[1]?.parts).toEqual([{ text: 'We fixed the build.' }, { text: 'ok' }])
  })

  it('reads search results and PDFs inside a tool_result, and skips tool references', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go'),
        assistant([readUse]),
        user([
          {
            type: 'tool_result',
            tool_use_id: 'toolu_1',
            content: [
              { type: 'text', text: 'found' },
              {
                type: 'search_result',
                source: 's',
                title: 't',
                content: [{ type: 'text', text: 'r' }],
              },
              {
                type: 'document',
                source: { type: 'base64', media_type: 'application/pdf', data: 'JVBE' },
              },
              { type: 'tool_reference', tool_name: 'Write' },
            ],
          },
        ]),
      ]),
    )
    expect(gemini.contents[2]?.parts).toEqual([
      {
        functionResponse: { name: 'Read', id: 'toolu_1', response: { output: 'found\nt (s)\nr' } },
      },
      { inlineData: { mimeType: 'application/pdf', data: 'JVBE' } },
    ])
  })

  it('drops the blocks of Anthropic-run tools and infrastructure without an error', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user([
          { type: 'text', text: 'search it' },
          { type: 'container_upload', file_id: 'file_1' },
        ]),
        assistant([
          { type: 'redacted_thinking', data: 'opaque' },
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
          {
            type: 'web_search_tool_result',
            tool_use_id: 'srvtoolu_1',
            content: [
              { type: 'web_search_result', url: 'https://x', title: 'x', encrypted_content: 'e' },
            ],
          },
          { type: 'web_fetch_tool_result', tool_use_id: 'srvtoolu_2', content: {} },
          { type: 'code_execution_tool_result', tool_use_id: 'srvtoolu_3', content: {} },
          { type: 'mcp_tool_use', id: 'mcptoolu_1', name: 'echo', server_name: 'srv', input: {} },
          { type: 'mcp_tool_result', tool_use_id: 'mcptoolu_1', content: 'echoed' },
          { type: 'fallback', from: { model: 'a' }, to: { model: 'b' } },
          { type: 'text', text: 'found it' },
        ]),
        user('thanks'),
      ]),
    )
    expect(gemini.contents).toEqual([
      { role: 'user', parts: [{ text: 'search it' }] },
      { role: 'model', parts: [{ text: 'found it' }] },
      { role: 'user', parts: [{ text: 'thanks' }] },
    ])
  })
})

describe('thinking in the history', () => {
  it('puts back thinking text agtray withheld, found by its signature', () => {
    const gemini = anthropicToGemini(
      requestOf([
        user('go'),
        assistant([{ type: 'thinking', thinking: '', signature: 'sig-1' }, readUse]),
      ]),
      { recallThinking: (signature) => (signature === 'sig-1' ? 'I should read a' : undefined) },
    )
    expect(gemini.contents[1]?.parts).toEqual([
      { text: 'I should read a', thought: true, thoughtSignature: 'sig-1' },
      {
        functionCall: { name: 'Read', args: { path: 'a' }, id: 'toolu_1' },
        thoughtSignature: 'sig-1',
      },
    ])
  })

  const history = [
    user('one'),
    assistant([
      { type: 'thinking', thinking: 'old', signature: 's1' },
      { type: 'text', text: 'a1' },
    ]),
    user('two'),
    assistant([{ type: 'thinking', thinking: 'middle', signature: 's2' }, readUse]),
    user([{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }]),
    assistant([
      { type: 'thinking', thinking: 'new', signature: 's3' },
      { type: 'text', text: 'a3' },
    ]),
    user('three'),
  ]
  const thoughts = (contextManagement: unknown) =>
    anthropicToGemini(
      requestOf(history, { context_management: contextManagement }),
    ).contents.flatMap((content) =>
      content.parts.filter((part) => part.thought).map((part) => part.text),
    )

  it('drops the thinking text of older turns for clear_thinking with a turn count', () => {
    const edits = [{ type: 'clear_thinking_20251015', keep: { type: 'thinking_turns', value: 1 } }]
    expect(thoughts({ edits })).toEqual(['new'])
    const gemini = anthropicToGemini(requestOf(history, { context_management: { edits } }))
    // The call keeps the signature of the reasoning behind it.
    expect(gemini.contents[3]?.parts).toEqual([
      {
        functionCall: { name: 'Read', args: { path: 'a' }, id: 'toolu_1' },
        thoughtSignature: 's2',
      },
    ])
    const two = [{ type: 'clear_thinking_20251015', keep: { type: 'thinking_turns', value: 2 } }]
    expect(thoughts({ edits: two })).toEqual(['middle', 'new'])
  })

  it('keeps all thinking for keep "all", a missing keep, or no clear_thinking edit', () => {
    expect(thoughts({ edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] })).toEqual([
      'old',
      'middle',
      'new',
    ])
    expect(thoughts({ edits: [{ type: 'clear_thinking_20251015' }] })).toHaveLength(3)
    expect(thoughts({ edits: [{ type: 'clear_tool_uses_20250919' }] })).toHaveLength(3)
    expect(thoughts(undefined)).toHaveLength(3)
  })
})

describe('tools of the current API', () => {
  it('skips MCP toolsets, which have no name, and refuses a custom tool without one', () => {
    const gemini = anthropicToGemini(
      requestOf([user('hi')], {
        tools: [
          { type: 'mcp_toolset', mcp_server_name: 'srv' },
          { name: 'Read', input_schema: { type: 'object' }, defer_loading: true },
        ],
      }),
    )
    expect(gemini.tools?.[0]?.functionDeclarations?.map((fn) => fn.name)).toEqual(['Read'])
    expect(() =>
      anthropicToGemini(requestOf([user('hi')], { tools: [{ input_schema: { type: 'object' } }] })),
    ).toThrow(new TranslationError('tools[0]: name is required'))
  })
})
