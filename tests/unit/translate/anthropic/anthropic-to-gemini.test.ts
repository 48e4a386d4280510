import { describe, expect, it } from 'vitest'
import {
  anthropicToGemini,
  TranslationError,
} from '../../../../src/core/translate/anthropic/anthropic-to-gemini'
import { cleanToolSchema } from '../../../../src/core/translate/gemini/schema-cleaner'
import { toolDeclarationViolations } from '../../../fakes/google/tool-schema-validation'
import { jsonFixture, parseRequest, requestOf } from './fixtures'

/** What cleanToolSchema must never let through to Google, as JSON keys or values. */
const rejectedByGoogle = /"\$schema"|"additionalProperties"|"default"|"format":"uri"/

function expectToolsTranslated(body: any, declarations: unknown): void {
  expect(declarations).toEqual(
    body.tools.map((tool: any) => ({
      name: tool.name,
      description: tool.description,
      parameters: cleanToolSchema(tool.input_schema),
    })),
  )
  expect(JSON.stringify(declarations)).not.toMatch(rejectedByGoogle)
}

describe('anthropicToGemini on recorded client requests', () => {
  it('translates Claude Code 2.0’s first turn: system blocks, 17 cleaned tools, thinking, user id', () => {
    const body = jsonFixture('claude-code-2.0.first-turn-17-tools.messages.request.json')
    const gemini = anthropicToGemini(parseRequest(body))
    expect(gemini.systemInstruction).toEqual({
      role: 'user',
      parts: body.system.map((block: any) => ({ text: block.text })),
    })
    expect(gemini.contents).toEqual([
      { role: 'user', parts: body.messages[0].content.map((block: any) => ({ text: block.text })) },
    ])
    expect(gemini.tools).toHaveLength(1)
    expect(gemini.tools?.[0]?.functionDeclarations).toHaveLength(17)
    expectToolsTranslated(body, gemini.tools?.[0]?.functionDeclarations)
    expect(gemini.toolConfig).toBeUndefined()
    expect(gemini.generationConfig).toEqual({
      maxOutputTokens: 32000,
      thinkingConfig: { includeThoughts: true, thinkingBudget: 31999 },
    })
    expect(gemini.sessionId).toBe(body.metadata.user_id)
    expect(JSON.stringify(gemini)).not.toContain('cache_control')
  })

  it('translates Factory Droid’s request: three system blocks and 12 cleaned tools', () => {
    const body = jsonFixture('anthropic-messages.factory-droid-sonnet.request.json')
    const gemini = anthropicToGemini(parseRequest(body))
    expect(gemini.systemInstruction?.parts).toEqual(
      body.system.map((block: any) => ({ text: block.text })),
    )
    expect(gemini.tools?.[0]?.functionDeclarations).toHaveLength(12)
    expectToolsTranslated(body, gemini.tools?.[0]?.functionDeclarations)
    expect(gemini.generationConfig).toEqual({ maxOutputTokens: 32000 })
    expect(gemini.sessionId).toBeUndefined()
    expect(JSON.stringify(gemini)).not.toContain('cache_control')
  })

  it('translates Claude Code 0.2’s title request: string content, temperature 0, user id', () => {
    const body = jsonFixture('claude-code-0.2.107.title.messages.request.json')
    expect(anthropicToGemini(parseRequest(body))).toEqual({
      contents: [{ role: 'user', parts: [{ text: body.messages[0].content }] }],
      systemInstruction: { role: 'user', parts: [{ text: body.system[0].text }] },
      generationConfig: { maxOutputTokens: 512, temperature: 0 },
      sessionId: '[USER_ID_REMOVED]',
    })
  })

  it('keeps the topic classifier’s assistant prefill as the last model turn, and no empty tools', () => {
    const body = jsonFixture('claude-code-2.1.12.topic-classifier.messages.request.json')
    const gemini = anthropicToGemini(parseRequest(body))
    expect(gemini.contents).toEqual([
      { role: 'user', parts: [{ text: body.messages[0].content[0].text }] },
      { role: 'model', parts: [{ text: '{' }] },
    ])
    expect(gemini).not.toHaveProperty('tools')
    expect(gemini).not.toHaveProperty('toolConfig')
  })

  it('folds the prefill into the last user turn when asked (Claude behind Antigravity)', () => {
    const body = jsonFixture('claude-code-2.1.12.topic-classifier.messages.request.json')
    const gemini = anthropicToGemini(parseRequest(body), { foldPrefill: true })
    expect(gemini.contents).toEqual([
      {
        role: 'user',
        parts: [
          { text: body.messages[0].content[0].text },
          { text: '(Begin your answer with exactly this text: {)' },
        ],
      },
    ])
  })

  describe('the Claude Code 2.1 history fragment', () => {
    const fragment = jsonFixture('claude-code-2.1.12.history-fragment.messages.json')
    const gemini = anthropicToGemini(requestOf(fragment.messages))
    const thinking = fragment.messages[1].content[0]

    it('keeps three alternating turns', () => {
      expect(gemini.contents.map((content) => content.role)).toEqual(['user', 'model', 'user'])
      expect(gemini.contents[0]?.parts).toEqual([{ text: fragment.messages[0].content[0].text }])
    })

    it('sends the signed thinking back as a thought, its signature also on the first call only', () => {
      expect(gemini.contents[1]?.parts).toEqual([
        { text: thinking.thinking, thought: true, thoughtSignature: thinking.signature },
        { text: fragment.messages[1].content[1].text },
        {
          functionCall: {
            name: 'mcp__claude-in-chrome__tabs_context_mcp',
            args: { createIfEmpty: true },
            id: 'toolu_017viwBiQ8hoe3PX8oQ1bFeM',
          },
          thoughtSignature:
            'EpkDCkYICxgCKkDEgg5jtTtBe5kAX6kEonfjuEEeiHZJLfckzrCENPEQfqwDgDabcH6ukBGL...',
        },
        {
          functionCall: {
            name: 'Read',
            args: {
              file_path:
                '/Users/user/Documents/Projects/MCP_11252025_Reference/docs/assets/css/style.scss',
            },
            id: 'toolu_01METmvTdfcqW1Ckfp47x1YL',
          },
        },
      ])
    })

    it('answers both calls by name and id, joining array content and keeping string content', () => {
      const [tabs, read] = fragment.messages[2].content
      expect(gemini.contents[2]?.parts).toEqual([
        {
          functionResponse: {
            name: 'mcp__claude-in-chrome__tabs_context_mcp',
            id: 'toolu_017viwBiQ8hoe3PX8oQ1bFeM',
            response: { output: `${tabs.content[0].text}\n${tabs.content[1].text}` },
          },
        },
        {
          functionResponse: {
            name: 'Read',
            id: 'toolu_01METmvTdfcqW1Ckfp47x1YL',
            response: { output: read.content },
          },
        },
      ])
    })

    it('drops every cache_control', () => {
      expect(JSON.stringify(fragment)).toContain('cache_control')
      expect(JSON.stringify(gemini)).not.toContain('cache_control')
    })
  })
})

describe('anthropicToGemini on Claude Code 2.1.332’s default-model request', () => {
  const body = jsonFixture('claude-code-2.1.332.default-model.messages.request.json')
  const headers = jsonFixture('claude-code-2.1.332.default-model.messages.request.headers.json')
  const sessionHeader: string = headers['x-claude-code-session-id']
  const gemini = anthropicToGemini(parseRequest(body), { foldPrefill: true, sessionHeader })
  const [user, system] = body.messages

  it('puts the mid-conversation system message into the user turn it follows, tagged', () => {
    expect(user.role).toBe('user')
    expect(system.role).toBe('system')
    expect(gemini.contents).toEqual([
      {
        role: 'user',
        parts: [
          ...user.content.map((block: any) => ({ text: block.text })),
          { text: `<system-reminder>\n${system.content[0].text}\n</system-reminder>` },
        ],
      },
    ])
  })

  it('keeps the top-level system prompt alone in systemInstruction', () => {
    expect(gemini.systemInstruction).toEqual({
      role: 'user',
      parts: body.system.map((block: any) => ({ text: block.text })),
    })
  })

  it('turns effort "medium" with adaptive thinking into a thinking budget', () => {
    expect(body.output_config).toEqual({ effort: 'medium' })
    expect(system.output_config).toEqual({ effort: 'medium' })
    expect(gemini.generationConfig).toEqual({
      maxOutputTokens: 128000,
      thinkingConfig: { includeThoughts: true, thinkingBudget: 8192 },
    })
  })

  it('declares all 12 tools with cleaned schemas, the defer_loading one too', () => {
    const declarations = gemini.tools?.[0]?.functionDeclarations
    expect(declarations).toHaveLength(12)
    expect(body.tools.some((tool: any) => tool.defer_loading === true)).toBe(true)
    expect(declarations?.map((fn) => fn.name)).toContain('DeferredToolPlaceholder')
    expectToolsTranslated(body, declarations)
    expect(toolDeclarationViolations(gemini)).toEqual([])
  })

  it('names the conversation by the x-claude-code-session-id header', () => {
    expect(gemini.sessionId).toBe('da615649-38b2-4970-a526-0c5ddded5180')
    expect(gemini.sessionId).toBe(sessionHeader)
    const other = anthropicToGemini(parseRequest(body), { sessionHeader: 'another-session' })
    expect(other.sessionId).toBe('another-session')
  })

  it('without the header, takes the session_id inside the JSON user_id', () => {
    const withoutHeader = anthropicToGemini(parseRequest(body))
    expect(JSON.parse(body.metadata.user_id).session_id).toBe(sessionHeader)
    expect(withoutHeader.sessionId).toBe(sessionHeader)
  })

  it('sends none of Anthropic’s own fields upstream', () => {
    const text = JSON.stringify(gemini)
    for (const field of ['cache_control', 'output_config', 'context_management', 'defer_loading'])
      expect(text).not.toContain(field)
  })
})

describe('anthropicToGemini refusals', () => {
  it('refuses an image by URL, saying where and to send base64', () => {
    const request = requestOf([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'look' },
          { type: 'image', source: { type: 'url', url: 'https://example.com/x.png' } },
        ],
      },
    ])
    expect(() => anthropicToGemini(request)).toThrow(TranslationError)
    expect(() => anthropicToGemini(request)).toThrow(
      'messages[0].content[1] (image): send it as base64 (source.type "base64" with media_type and data); agtray cannot fetch URLs',
    )
  })

  it('refuses a tool_result whose tool_use id appears in no earlier assistant turn', () => {
    const orphan = requestOf([
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'hi' }] },
    ])
    expect(() => anthropicToGemini(orphan)).toThrow(
      'messages[0].content[0] (tool_result): tool_use_id "toolu_x" matches no tool_use in an earlier assistant turn',
    )
    const later = requestOf([
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }] },
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} }],
      },
    ])
    expect(() => anthropicToGemini(later)).toThrow(TranslationError)
  })

  it('refuses a tool_use without a name or with non-object input', () => {
    const noName = requestOf([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', input: {} }] },
    ])
    expect(() => anthropicToGemini(noName)).toThrow(
      'messages[1].content[0] (tool_use): name is required',
    )
    const badInput = requestOf([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'Read', input: 'x' }] },
    ])
    expect(() => anthropicToGemini(badInput)).toThrow(
      'messages[1].content[0] (tool_use): input must be an object',
    )
  })

  it('refuses a tool_choice naming a tool that is not declared', () => {
    const request = requestOf([{ role: 'user', content: 'hi' }], {
      tools: [{ name: 'Read', input_schema: { type: 'object' } }],
      tool_choice: { type: 'tool', name: 'Write' },
    })
    expect(() => anthropicToGemini(request)).toThrow(
      'tool_choice names the tool "Write", which is not in tools',
    )
  })

  it('refuses a conversation with nothing to send', () => {
    const request = requestOf([{ role: 'user', content: '' }])
    expect(() => anthropicToGemini(request)).toThrow('messages: there is no content to send')
  })
})
