import { describe, expect, it } from 'vitest'
import { estimateInputTokens } from '../../../../src/core/translate/anthropic/count-tokens'
import { jsonFixture } from './fixtures'

const hi = [{ role: 'user', content: 'hi' }]

describe('estimateInputTokens', () => {
  it('is at least 1, and about one token per four characters', () => {
    expect(estimateInputTokens({ messages: [] })).toBe(1)
    expect(estimateInputTokens({ messages: hi })).toBe(1)
    expect(estimateInputTokens({ messages: [{ role: 'user', content: 'x'.repeat(400) }] })).toBe(
      100,
    )
  })

  it('grows with each kind of content: system, text blocks, thinking, tool use and results', () => {
    const chars40 = 'y'.repeat(40)
    expect(estimateInputTokens({ system: chars40, messages: hi })).toBe(11)
    expect(
      estimateInputTokens({
        system: [{ type: 'text', text: chars40 }],
        messages: [
          { role: 'user', content: [{ type: 'text', text: chars40 }] },
          {
            role: 'assistant',
            content: [
              { type: 'thinking', thinking: chars40, signature: 'not counted' },
              { type: 'tool_use', id: 't', name: 'Read', input: { p: 'a' } },
            ],
          },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: chars40 }] },
        ],
      }),
    ).toBe(Math.ceil((40 * 4 + 'Read'.length + '{"p":"a"}'.length) / 4))
  })

  it('counts each image as a fixed 1600 tokens', () => {
    const image = {
      type: 'image',
      source: { type: 'base64', media_type: 'image/png', data: 'A'.repeat(9999) },
    }
    expect(estimateInputTokens({ messages: [{ role: 'user', content: [image] }] })).toBe(1600)
    expect(estimateInputTokens({ messages: [{ role: 'user', content: [image, image] }] })).toBe(
      3200,
    )
  })

  it('counts tool names, descriptions and schemas', () => {
    const tool = {
      name: 'Read',
      description: 'Reads a file from disk',
      input_schema: { type: 'object', properties: { path: { type: 'string' } } },
    }
    const base = estimateInputTokens({ messages: hi })
    const withTool = estimateInputTokens({ messages: hi, tools: [tool] })
    expect(withTool).toBe(Math.ceil(('hi'.length + JSON.stringify([tool]).length) / 4))
    expect(estimateInputTokens({ messages: hi, tools: [tool, { ...tool, name: 'Write' }] })).toBe(
      Math.ceil(('hi'.length + JSON.stringify([tool, { ...tool, name: 'Write' }]).length) / 4),
    )
    expect(withTool).toBeGreaterThan(base)
  })

  it('gives Claude Code’s 17-tool first turn a realistic, deterministic size', () => {
    const body = jsonFixture('claude-code-2.0.first-turn-17-tools.messages.request.json')
    const estimate = estimateInputTokens(body)
    expect(estimate).toBe(estimateInputTokens(structuredClone(body)))
    expect(estimate).toBeGreaterThan(5000)
    expect(estimate).toBeLessThan(40000)
    const { tools: _tools, ...noTools } = body
    expect(estimateInputTokens(noTools)).toBeLessThan(estimate - 2000)
  })
})
