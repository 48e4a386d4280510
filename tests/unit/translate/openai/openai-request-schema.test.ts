import { readFileSync } from 'node:fs'
import path from 'node:path'
import type OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import { chatCompletionRequestSchema } from '../../../../src/core/translate/openai/openai-request-schema'

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.join(__dirname, '../../../fixtures', name), 'utf8'))

describe('chatCompletionRequestSchema', () => {
  it('accepts the real Factory Droid request with its tools and mixed user content', () => {
    const parsed = chatCompletionRequestSchema.parse(
      fixture('openai-chat.factory-droid.request.json'),
    )
    expect(parsed.model).toBe('glm-4.6')
    expect(parsed.messages.map((m) => m.role)).toEqual(['system', 'user', 'user'])
    expect(parsed.tools).toHaveLength(12)
    expect(parsed.max_tokens).toBe(32000)
  })

  it('accepts a request typed with the official OpenAI SDK, including null optionals', () => {
    const body: OpenAI.ChatCompletionCreateParamsStreaming = {
      model: 'gemini-3-flash',
      stream: true,
      stream_options: { include_usage: true },
      messages: [
        { role: 'developer', content: [{ type: 'text', text: 'Be terse.' }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            {
              type: 'image_url',
              image_url: { url: 'data:image/png;base64,iVBORw0K', detail: 'low' },
            },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0=' } },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'look', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'a cat' }] },
      ],
      tools: [{ type: 'function', function: { name: 'look', parameters: { type: 'object' } } }],
      tool_choice: { type: 'function', function: { name: 'look' } },
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'x', schema: { type: 'object' } },
      },
      reasoning_effort: 'minimal',
      stop: null,
      seed: null,
    }
    const parsed = chatCompletionRequestSchema.parse(body)
    expect(parsed.messages).toHaveLength(4)
    expect(parsed.stop).toBeNull()
  })

  it('keeps fields it does not know about', () => {
    const parsed = chatCompletionRequestSchema.parse({
      model: 'm',
      messages: [{ role: 'user', content: 'hi', name: 'alice' }],
      metadata: { team: 'x' },
    })
    expect(parsed).toMatchObject({ metadata: { team: 'x' }, messages: [{ name: 'alice' }] })
  })

  it('requires a model and a non-empty messages array', () => {
    expect(
      chatCompletionRequestSchema.safeParse({ messages: [{ role: 'user', content: 'hi' }] })
        .success,
    ).toBe(false)
    expect(chatCompletionRequestSchema.safeParse({ model: 'm', messages: [] }).success).toBe(false)
    expect(chatCompletionRequestSchema.safeParse({ model: 'm' }).success).toBe(false)
  })

  it('rejects unknown roles and tool messages without a tool_call_id', () => {
    expect(
      chatCompletionRequestSchema.safeParse({
        model: 'm',
        messages: [{ role: 'robot', content: 'x' }],
      }).success,
    ).toBe(false)
    expect(
      chatCompletionRequestSchema.safeParse({
        model: 'm',
        messages: [{ role: 'tool', content: 'x' }],
      }).success,
    ).toBe(false)
  })
})
