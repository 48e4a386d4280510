import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { GeminiResponse } from '../../../../src/core/translate/gemini/gemini-types'
import { mergeGeminiStream } from '../../../../src/core/translate/gemini/merge-stream'
import { geminiToOpenAi } from '../../../../src/core/translate/openai/gemini-to-openai'
import { chatCompletionRequestSchema } from '../../../../src/core/translate/openai/openai-request-schema'
import { openAiToGemini } from '../../../../src/core/translate/openai/openai-to-gemini'

const events = (name: string): GeminiResponse[] =>
  readFileSync(path.join(__dirname, '../../../fixtures', name), 'utf8')
    .split(/\r?\n\r?\n/)
    .filter((block) => block.startsWith('data: '))
    .map(
      (block) =>
        (JSON.parse(block.slice('data: '.length)) as { response: GeminiResponse }).response,
    )

describe('a tool call answered through the OpenAI format', () => {
  it('returns to Gemini with its id, name, arguments and the signature Gemini gave it', () => {
    const upstream = mergeGeminiStream(events('cloudcode-stream-thinking-functioncall.sse'))
    const { completion, signatures } = geminiToOpenAi(upstream, {
      id: 'chatcmpl-rt',
      model: 'gemini-3-flash',
      created: 1,
    })
    // What the route caches between the two requests.
    const cache = new Map(signatures.map((s) => [s.toolCallId, s.signature]))
    // The client echoes the whole message back, reasoning_content included.
    const assistant = completion.choices[0]!.message
    const next = chatCompletionRequestSchema.parse({
      model: 'gemini-3-flash',
      messages: [
        { role: 'user', content: 'What is on my desktop?' },
        assistant,
        { role: 'tool', tool_call_id: 'call_9918231', content: 'notes.txt\ntodo.md' },
      ],
    })
    const gemini = openAiToGemini(next, { signatureFor: (id) => cache.get(id) })
    const upstreamCall = upstream.candidates?.[0]?.content?.parts?.[1]
    expect(gemini.contents).toEqual([
      { role: 'user', parts: [{ text: 'What is on my desktop?' }] },
      {
        role: 'model',
        parts: [
          {
            functionCall: upstreamCall?.functionCall,
            thoughtSignature: 'Ep5FCptFARFNMg8HtIq2X2xsR/aOSzOq5Q5Vf',
          },
        ],
      },
      {
        role: 'user',
        parts: [
          {
            functionResponse: {
              name: 'run_command',
              id: 'call_9918231',
              response: { output: 'notes.txt\ntodo.md' },
            },
          },
        ],
      },
    ])
    expect(upstreamCall?.functionCall).toMatchObject({ name: 'run_command', id: 'call_9918231' })
  })
})
