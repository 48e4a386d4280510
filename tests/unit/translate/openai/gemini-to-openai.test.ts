import { readFileSync } from 'node:fs'
import path from 'node:path'
import type OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import type { GeminiPart, GeminiResponse } from '../../../../src/core/translate/gemini/gemini-types'
import { geminiToOpenAi } from '../../../../src/core/translate/openai/gemini-to-openai'

const meta = { id: 'chatcmpl-test1', model: 'gemini-3-flash', created: 1_760_000_000 }

const answer = (parts: GeminiPart[], finishReason?: string): GeminiResponse => ({
  candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}) }],
})

describe('geminiToOpenAi', () => {
  it('translates the real generateContent answer into a chat.completion', () => {
    const { response } = JSON.parse(
      readFileSync(
        path.join(__dirname, '../../../fixtures/cloudcode-generateContent.response.json'),
        'utf8',
      ),
    ) as { response: GeminiResponse }
    const { completion, signatures } = geminiToOpenAi(response, meta)
    expect(completion).toEqual({
      id: 'chatcmpl-test1',
      object: 'chat.completion',
      created: 1_760_000_000,
      model: 'gemini-3-flash',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Why did the scarecrow win an award? Because he was outstanding in his field!',
            refusal: null,
          },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: {
        prompt_tokens: 10,
        completion_tokens: 37,
        total_tokens: 47,
        prompt_tokens_details: { cached_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 20 },
      },
    })
    expect(signatures).toEqual([])
    // The shape must satisfy what OpenAI's own SDK expects to read.
    const sdk: OpenAI.ChatCompletion = completion
    expect(sdk.choices[0]?.message.content).toMatch(/^Why did/)
  })

  it('splits thoughts into reasoning_content and gives content null next to tool calls', () => {
    const { completion, signatures } = geminiToOpenAi(
      answer(
        [
          { text: 'Let me ', thought: true },
          { text: 'check.', thought: true },
          {
            functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: 'up_1' },
            thoughtSignature: 'sig-1',
          },
          { functionCall: { name: 'now' } },
          { text: '', thoughtSignature: 'trailing' },
        ],
        'STOP',
      ),
      meta,
    )
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        reasoning_content: 'Let me check.',
        tool_calls: [
          {
            id: 'up_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'chatcmpl-test1-call-1',
            type: 'function',
            function: { name: 'now', arguments: '{}' },
          },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    })
    expect(signatures).toEqual([{ toolCallId: 'up_1', signature: 'sig-1' }])
    expect(completion.usage).toBeUndefined()
  })

  it('mints tool call ids from the response id and position, the same on every call', () => {
    const response = answer([
      { functionCall: { name: 'a' } },
      { functionCall: { name: 'b' }, thoughtSignature: 's' },
    ])
    const first = geminiToOpenAi(response, meta)
    expect(first.completion.choices[0]?.message.tool_calls?.map((c) => c.id)).toEqual([
      'chatcmpl-test1-call-0',
      'chatcmpl-test1-call-1',
    ])
    expect(first.signatures).toEqual([{ toolCallId: 'chatcmpl-test1-call-1', signature: 's' }])
    expect(geminiToOpenAi(response, meta)).toEqual(first)
  })

  it('keeps text next to tool calls and returns an empty string when nothing came', () => {
    const withText = geminiToOpenAi(
      answer([{ text: 'Checking.' }, { functionCall: { name: 'a' } }]),
      meta,
    )
    expect(withText.completion.choices[0]?.message.content).toBe('Checking.')
    const empty = geminiToOpenAi(answer([], 'MALFORMED_FUNCTION_CALL'), meta)
    expect(empty.completion.choices[0]).toMatchObject({
      message: { content: '' },
      finish_reason: 'stop',
    })
    expect(geminiToOpenAi({}, meta).completion.choices[0]?.message.content).toBe('')
  })

  it.each([
    ['MAX_TOKENS', 'length'],
    ['SAFETY', 'content_filter'],
    ['OTHER', 'stop'],
  ])('reports Gemini %s as %s', (reason, expected) => {
    expect(
      geminiToOpenAi(answer([{ text: 'x' }], reason), meta).completion.choices[0]?.finish_reason,
    ).toBe(expected)
  })

  it('shows inline images as Markdown data URLs', () => {
    const { completion } = geminiToOpenAi(
      answer([{ inlineData: { mimeType: 'image/png', data: 'iVBO' } }]),
      meta,
    )
    expect(completion.choices[0]?.message.content).toBe('![image](data:image/png;base64,iVBO)')
  })

  it('counts thoughts in completion_tokens and reports cache hits', () => {
    const { completion } = geminiToOpenAi(
      {
        ...answer([{ text: 'x' }], 'STOP'),
        usageMetadata: {
          promptTokenCount: 100,
          candidatesTokenCount: 7,
          thoughtsTokenCount: 20,
          cachedContentTokenCount: 64,
        },
      },
      meta,
    )
    expect(completion.usage).toEqual({
      prompt_tokens: 100,
      completion_tokens: 27,
      total_tokens: 127,
      prompt_tokens_details: { cached_tokens: 64 },
      completion_tokens_details: { reasoning_tokens: 20 },
    })
  })
})
