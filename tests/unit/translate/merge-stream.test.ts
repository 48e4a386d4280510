import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { mergeGeminiStream } from '../../../src/core/translate/gemini/merge-stream'
import type { GeminiResponse } from '../../../src/core/translate/gemini/gemini-types'

const events = (name: string): GeminiResponse[] =>
  readFileSync(path.join(__dirname, '../../fixtures', name), 'utf8')
    .split(/\r?\n\r?\n/)
    .filter((block) => block.startsWith('data: '))
    .map(
      (block) =>
        (JSON.parse(block.slice('data: '.length)) as { response: GeminiResponse }).response,
    )

describe('mergeGeminiStream', () => {
  it('joins text deltas into one part carrying the closing signature, like a non-streamed answer', () => {
    const merged = mergeGeminiStream(events('cloudcode-stream-text-signature.sse'))
    const parts = merged.candidates?.[0]?.content?.parts ?? []
    expect(parts).toHaveLength(1)
    expect(parts[0]).toEqual({
      text: 'Harika bir deney oldu! İstediğin işlemi eksiksiz tamamladım.',
      thoughtSignature: expect.stringMatching(/^EmIK/),
    })
    expect(merged.candidates?.[0]?.finishReason).toBe('STOP')
    expect(merged.usageMetadata?.cachedContentTokenCount).toBe(64937)
  })

  it('keeps thought text, the signed function call and its id apart', () => {
    const merged = mergeGeminiStream(events('cloudcode-stream-thinking-functioncall.sse'))
    const parts = merged.candidates?.[0]?.content?.parts ?? []
    expect(parts[0]).toMatchObject({ thought: true })
    expect(parts[1]).toMatchObject({
      functionCall: { name: 'run_command', id: 'call_9918231' },
      thoughtSignature: expect.any(String),
    })
  })
})
