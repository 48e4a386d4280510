import { describe, expect, it } from 'vitest'
import {
  countTokensRequestSchema,
  messagesRequestSchema,
} from '../../../../src/core/proxy/anthropic/anthropic-request-schema'
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
    ]) {
      expect(messagesRequestSchema.safeParse(jsonFixture(name)).success, name).toBe(true)
    }
  })

  it('requires model, a positive integer max_tokens and at least one message', () => {
    const { model: _model, ...noModel } = valid
    const { max_tokens: _max, ...noMax } = valid
    expect(messagesRequestSchema.safeParse(noModel).success).toBe(false)
    expect(messagesRequestSchema.safeParse(noMax).success).toBe(false)
    expect(messagesRequestSchema.safeParse({ ...valid, max_tokens: 0 }).success).toBe(false)
    expect(messagesRequestSchema.safeParse({ ...valid, max_tokens: 1.5 }).success).toBe(false)
    expect(messagesRequestSchema.safeParse({ ...valid, messages: [] }).success).toBe(false)
    expect(
      messagesRequestSchema.safeParse({ ...valid, messages: [{ role: 'system', content: 'x' }] })
        .success,
    ).toBe(false)
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
