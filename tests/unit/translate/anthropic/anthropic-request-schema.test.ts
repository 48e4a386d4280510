import { describe, expect, it } from 'vitest'
import {
  countTokensRequestSchema,
  messagesRequestSchema,
} from '../../../../src/core/translate/anthropic/anthropic-request-schema'
import { describeZodError } from '../../../../src/core/http/zod-issue'
import { jsonFixture } from './fixtures'

const valid = {
  model: 'claude-sonnet-4-6',
  max_tokens: 64,
  messages: [{ role: 'user', content: 'hi' }],
}

describe('messagesRequestSchema', () => {
  it('accepts every recorded client request', () => {
    for (const name of [
      'claude-code-2.0.first-turn-17-tools.messages.request.json',
      'claude-code-2.1.12.topic-classifier.messages.request.json',
      'claude-code-0.2.107.title.messages.request.json',
      'anthropic-messages.factory-droid-sonnet.request.json',
      'claude-code-2.1.332.default-model.messages.request.json',
    ]) {
      expect(messagesRequestSchema.safeParse(jsonFixture(name)).success, name).toBe(true)
    }
  })

  it('requires model, a non-negative integer max_tokens and at least one message', () => {
    const { model: _model, ...noModel } = valid
    const { max_tokens: _max, ...noMax } = valid
    expect(messagesRequestSchema.safeParse(noModel).success).toBe(false)
    expect(messagesRequestSchema.safeParse(noMax).success).toBe(false)
    expect(messagesRequestSchema.safeParse({ ...valid, max_tokens: -1 }).success).toBe(false)
    expect(messagesRequestSchema.safeParse({ ...valid, max_tokens: 1.5 }).success).toBe(false)
    expect(messagesRequestSchema.safeParse({ ...valid, messages: [] }).success).toBe(false)
    // Claude's cache pre-warm.
    expect(messagesRequestSchema.safeParse({ ...valid, max_tokens: 0 }).success).toBe(true)
  })

  it.each([
    ['max_tokens', { max_tokens: 'x' }],
    ['messages', { messages: {} }],
    ['messages.0.role', { messages: [{ role: 'tool', content: 'x' }] }],
    ['messages.0.role', { messages: [{ role: 'developer', content: 'x' }] }],
    ['messages.0.content', { messages: [{ role: 'user', content: 5 }] }],
    ['messages.0.content', { messages: [{ role: 'user' }] }],
    [
      'messages.0.content.0.text',
      { messages: [{ role: 'user', content: [{ type: 'text', text: 5 }] }] },
    ],
    [
      'messages.0.content.0.is_error',
      {
        messages: [
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', is_error: 'yes' }] },
        ],
      },
    ],
    [
      'messages.0.content.0.source',
      { messages: [{ role: 'user', content: [{ type: 'image', source: 'https://x/y.png' }] }] },
    ],
    [
      'messages.1.content.0.thinking',
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: null, signature: 's' }] },
        ],
      },
    ],
    [
      'messages.1.output_config.effort',
      {
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'system', content: 'x', output_config: { effort: 3 } },
        ],
      },
    ],
    ['system', { system: 5 }],
    ['output_config.effort', { output_config: { effort: ['high'] } }],
    ['thinking.display', { thinking: { type: 'adaptive', display: false } }],
    ['context_management.edits', { context_management: { edits: 'all' } }],
    ['metadata.user_id', { metadata: { user_id: { session_id: 's' } } }],
    ['tools.0.name', { tools: [{ name: 7, input_schema: { type: 'object' } }] }],
    ['stream', { stream: 'yes' }],
  ])('refuses a wrong type at %s, naming the field', (field, change) => {
    const parsed = messagesRequestSchema.safeParse({ ...valid, ...change })
    expect(parsed.success).toBe(false)
    if (parsed.success) return
    expect(describeZodError(parsed.error)).toMatch(new RegExp(`^${field.replaceAll('.', '\\.')}: `))
  })

  it('accepts Claude’s system messages, with or without content, and their settings', () => {
    const parsed = messagesRequestSchema.parse({
      ...valid,
      messages: [
        { role: 'user', content: 'hi' },
        { role: 'system', content: 'be brief', output_config: { effort: 'low' } },
        { role: 'system', output_config: { effort: 'high' }, clear_at: 'next_user_message' },
        {
          role: 'system',
          content: [
            { type: 'text', text: 'more', cache_control: { type: 'ephemeral' } },
            { type: 'tool_addition', tool: { type: 'tool_reference', tool_name: 'Read' } },
          ],
        },
      ],
    })
    expect(parsed.messages.map((message) => message.role)).toEqual([
      'user',
      'system',
      'system',
      'system',
    ])
  })

  it('accepts every content block type Claude defines, and unknown ones', () => {
    const blocks = [
      { type: 'text', text: 'hi', citations: null },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
      { type: 'document', source: { type: 'content', content: 'x' }, title: 'T', context: null },
      {
        type: 'search_result',
        source: 'https://example.com',
        title: 'T',
        content: [{ type: 'text', text: 'r' }],
      },
      { type: 'thinking', thinking: 'hm', signature: 's' },
      { type: 'redacted_thinking', data: 'opaque' },
      { type: 'tool_use', id: 'toolu_1', name: 'Read', input: {} },
      { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'q' } },
      {
        type: 'web_search_tool_result',
        tool_use_id: 'srvtoolu_1',
        content: [
          { type: 'web_search_result', url: 'https://x', title: 'x', encrypted_content: 'e' },
        ],
      },
      { type: 'mcp_tool_use', id: 'mcptoolu_1', name: 'echo', server_name: 's', input: {} },
      {
        type: 'mcp_tool_result',
        tool_use_id: 'mcptoolu_1',
        content: [{ type: 'text', text: 'r' }],
      },
      { type: 'container_upload', file_id: 'file_1' },
      { type: 'compaction', content: 'summary' },
      { type: 'fallback', from: { model: 'a' }, to: { model: 'b' } },
      { type: 'some_future_block', anything: [1, 2] },
    ]
    const parsed = messagesRequestSchema.safeParse({
      ...valid,
      messages: [{ role: 'assistant', content: blocks }],
    })
    expect(parsed.success).toBe(true)
  })

  it('accepts the current top-level fields Claude Code sends', () => {
    const parsed = messagesRequestSchema.safeParse({
      ...valid,
      thinking: { type: 'adaptive', display: 'omitted' },
      output_config: { effort: 'max', format: { type: 'json_schema', schema: { type: 'object' } } },
      context_management: {
        edits: [
          { type: 'clear_thinking_20251015', keep: 'all' },
          { type: 'clear_tool_uses_20250919', trigger: { type: 'input_tokens', value: 1 } },
        ],
      },
      metadata: { user_id: '{"device_id":"d","session_id":"s"}' },
      tools: [{ type: 'mcp_toolset', mcp_server_name: 'srv' }],
      service_tier: 'auto',
      container: null,
    })
    expect(parsed.success).toBe(true)
  })

  it('lets unknown fields through, on the request, messages and blocks', () => {
    const parsed = messagesRequestSchema.parse({
      ...valid,
      service_tier: 'auto',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'hi', citations: null }], extra: 1 },
      ],
    })
    expect(parsed.service_tier).toBe('auto')
    expect(parsed.messages[0]).toEqual({
      role: 'user',
      content: [{ type: 'text', text: 'hi', citations: null }],
      extra: 1,
    })
  })

  it('accepts null for optional fields, as some SDKs send them', () => {
    const parsed = messagesRequestSchema.parse({ ...valid, system: null, tools: null, top_k: null })
    expect(parsed.system).toBeNull()
  })
})

describe('countTokensRequestSchema', () => {
  it('takes the same body without max_tokens', () => {
    const { max_tokens: _max, ...body } = valid
    expect(countTokensRequestSchema.parse({ ...body, extra: true })).toEqual({
      ...body,
      extra: true,
    })
    expect(countTokensRequestSchema.safeParse({ ...body, messages: [] }).success).toBe(false)
  })
})
