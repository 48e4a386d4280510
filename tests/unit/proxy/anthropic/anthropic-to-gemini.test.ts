import { describe, expect, it } from 'vitest'
import { messagesRequestSchema } from '../../../../src/core/proxy/anthropic/anthropic-request-schema'
import {
  anthropicToGemini,
  TranslationError,
} from '../../../../src/core/proxy/anthropic/anthropic-to-gemini'
import { jsonFixture } from './fixtures'

const parse = (body: unknown) => messagesRequestSchema.parse(body)

describe('anthropicToGemini on real client requests', () => {
  it('translates Claude Code 2.0 with its 17 tools, system blocks, thinking and user id', () => {
    const body = jsonFixture('claude-code-2.0.first-turn-17-tools.messages.request.json')
    const gemini = anthropicToGemini(parse(body))
    const text = JSON.stringify(gemini)
    expect(text).not.toContain('cache_control')
    expect(gemini.systemInstruction?.parts.map((part) => part.text)).toEqual(
      body.system.map((block: { text: string }) => block.text),
    )
    const declarations = gemini.tools?.[0]?.functionDeclarations ?? []
    expect(declarations.map((fn) => fn.name)).toEqual(
      body.tools.map((tool: { name: string }) => tool.name),
    )
    expect(declarations).toHaveLength(17)
    for (const fn of declarations) {
      expect(JSON.stringify(fn.parameters)).not.toMatch(/"\$schema"|"additionalProperties"/)
    }
    expect(gemini.sessionId).toBe(body.metadata.user_id)
    expect(gemini.generationConfig).toMatchObject({
      maxOutputTokens: body.max_tokens,
      thinkingConfig: { includeThoughts: true, thinkingBudget: body.thinking.budget_tokens },
    })
    expect(gemini.contents[0]?.role).toBe('user')
  })

  it('keeps the signed thinking, parallel tool calls and their results from a Claude Code 2.1 history', () => {
    const fragment = jsonFixture('claude-code-2.1.12.history-fragment.messages.json')
    const gemini = anthropicToGemini(
      parse({ model: 'claude-sonnet-4-6', max_tokens: 100, messages: fragment.messages }),
    )
    const [user, model, results] = gemini.contents
    expect(user?.role).toBe('user')
    const thinking = fragment.messages[1].content[0]
    expect(model?.parts[0]).toEqual({
      text: thinking.thinking,
      thought: true,
      thoughtSignature: thinking.signature,
    })
    expect(model?.parts[1]).toEqual({ text: fragment.messages[1].content[1].text })
    expect(model?.parts[2]).toEqual({
      functionCall: {
        name: 'mcp__claude-in-chrome__tabs_context_mcp',
        args: { createIfEmpty: true },
        id: 'toolu_017viwBiQ8hoe3PX8oQ1bFeM',
      },
      thoughtSignature: thinking.signature,
    })
    expect(model?.parts[3]?.functionCall?.name).toBe('Read')
    expect(model?.parts[3]?.thoughtSignature).toBeUndefined()
    expect(results?.role).toBe('user')
    expect(results?.parts.map((part) => part.functionResponse?.name)).toEqual([
      'mcp__claude-in-chrome__tabs_context_mcp',
      'Read',
    ])
    expect(String(results?.parts[0]?.functionResponse?.response.output)).toContain('availableTabs')
    expect(String(results?.parts[0]?.functionResponse?.response.output)).toContain('Tab Context:')
    expect(String(results?.parts[1]?.functionResponse?.response.output)).toContain(
      'jekyll-theme-minimal',
    )
  })

  it('translates Factory Droid’s request and its tools', () => {
    const body = jsonFixture('anthropic-messages.factory-droid-sonnet.request.json')
    const gemini = anthropicToGemini(parse(body))
    expect(gemini.tools?.[0]?.functionDeclarations).toHaveLength(body.tools.length)
    expect(JSON.stringify(gemini)).not.toContain('cache_control')
  })

  it('folds an assistant prefill into the user turn for Claude, and keeps it for Gemini', () => {
    const body = parse(jsonFixture('claude-code-2.1.12.topic-classifier.messages.request.json'))
    const folded = anthropicToGemini(body, { foldPrefill: true })
    expect(folded.contents.at(-1)?.role).toBe('user')
    expect(folded.contents.at(-1)?.parts.at(-1)?.text).toBe(
      '(Begin your answer with exactly this text: {)',
    )
    expect(anthropicToGemini(body).contents.at(-1)).toEqual({
      role: 'model',
      parts: [{ text: '{' }],
    })
  })

  it('maps tool_choice and generation settings', () => {
    const gemini = anthropicToGemini(
      parse({
        model: 'm',
        max_tokens: 50,
        temperature: 0.2,
        top_p: 0.9,
        top_k: 40,
        stop_sequences: ['END'],
        tools: [
          { name: 'Read', input_schema: { type: 'object', properties: {} } },
          { type: 'web_search_20250305', name: 'web_search' },
        ],
        tool_choice: { type: 'tool', name: 'Read' },
        messages: [{ role: 'user', content: 'hi' }],
      }),
    )
    expect(gemini.tools?.[0]?.functionDeclarations?.map((fn) => fn.name)).toEqual(['Read'])
    expect(gemini.toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['Read'] },
    })
    expect(gemini.generationConfig).toEqual({
      maxOutputTokens: 50,
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
    })
  })

  it('refuses what it cannot translate, saying where', () => {
    const urlImage = parse({
      model: 'm',
      max_tokens: 5,
      messages: [
        {
          role: 'user',
          content: [{ type: 'image', source: { type: 'url', url: 'https://x/y.png' } }],
        },
      ],
    })
    expect(() => anthropicToGemini(urlImage)).toThrow(TranslationError)
    expect(() => anthropicToGemini(urlImage)).toThrow(
      /messages\[0\]\.content\[0\] \(image\): send it as base64/,
    )
    const orphan = parse({
      model: 'm',
      max_tokens: 5,
      messages: [
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'hi' }] },
      ],
    })
    expect(() => anthropicToGemini(orphan)).toThrow(
      /tool_use_id "toolu_x" matches no earlier tool_use/,
    )
  })
})
