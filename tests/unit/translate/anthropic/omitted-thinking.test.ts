import { describe, expect, it } from 'vitest'
import { createAnthropicStreamTranslator } from '../../../../src/core/translate/anthropic/anthropic-stream-translator'
import { anthropicToGemini } from '../../../../src/core/translate/anthropic/anthropic-to-gemini'
import { geminiToAnthropic } from '../../../../src/core/translate/anthropic/gemini-to-anthropic'
import { createWithheldThinking } from '../../../../src/core/translate/anthropic/withheld-thinking'
import type { GeminiResponse } from '../../../../src/core/translate/gemini/gemini-types'
import { mergeGeminiStream } from '../../../../src/core/translate/gemini/merge-stream'
import { meta, requestOf, streamFixture, streamFixtures } from './fixtures'
import { assemble, sequenceProblems } from './stream-events'

/** `thinking.display: "omitted"`: what the route does, with a store it can inspect. */
function omitted() {
  const store = createWithheldThinking()
  const withholdThinking = (signature: string, thinking: string) =>
    store.remember(signature, thinking)
  return { store, meta: { ...meta, withholdThinking } }
}

const stream = (events: readonly GeminiResponse[], withMeta: typeof meta) => {
  const translator = createAnthropicStreamTranslator(withMeta)
  return [...events.flatMap((event) => translator.push(event)), ...translator.finish()]
}

const signedThoughts = (events: readonly GeminiResponse[]) => {
  const merged = geminiToAnthropic(mergeGeminiStream(events), meta)
  return merged.content.flatMap((block) =>
    block.type === 'thinking' && block.signature !== '' && block.thinking !== ''
      ? [{ signature: block.signature, thinking: block.thinking }]
      : [],
  )
}

describe('thinking.display "omitted"', () => {
  for (const name of streamFixtures) {
    const events = streamFixture(name)
    const shown = geminiToAnthropic(mergeGeminiStream(events), meta).content

    it(`${name}: streams the same blocks and signatures with no thinking text`, () => {
      const { store, meta: omittedMeta } = omitted()
      const out = stream(events, omittedMeta)
      expect(sequenceProblems(out)).toEqual([])
      expect(
        out.some((item) => (item.data.delta as { type?: string })?.type === 'thinking_delta'),
      ).toBe(false)
      expect(assemble(out)).toEqual(
        shown.map((block) => (block.type === 'thinking' ? { ...block, thinking: '' } : block)),
      )
      for (const { signature, thinking } of signedThoughts(events))
        expect(store.recall(signature)).toBe(thinking)
    })

    it(`${name}: answers once with empty thinking and keeps the text the same way`, () => {
      const { store, meta: omittedMeta } = omitted()
      const message = geminiToAnthropic(mergeGeminiStream(events), omittedMeta)
      expect(message.content).toEqual(
        shown.map((block) => (block.type === 'thinking' ? { ...block, thinking: '' } : block)),
      )
      for (const { signature, thinking } of signedThoughts(events))
        expect(store.recall(signature)).toBe(thinking)
    })
  }

  it('has a recorded stream with signed thinking text to withhold', () => {
    expect(streamFixtures.some((name) => signedThoughts(streamFixture(name)).length > 0)).toBe(true)
  })

  it('sends the withheld text back upstream when the client returns the empty block', () => {
    const events: GeminiResponse[] = [
      { candidates: [{ content: { role: 'model', parts: [{ thought: true, text: 'Plan: ' }] } }] },
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ thought: true, text: 'read it', thoughtSignature: 'sig-claude' }],
            },
          },
        ],
      },
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ functionCall: { name: 'Read', args: { path: 'a' }, id: 'toolu_1' } }],
            },
            finishReason: 'STOP',
          },
        ],
      },
    ]
    const { store, meta: omittedMeta } = omitted()
    const content = assemble(stream(events, omittedMeta))
    expect(content[0]).toEqual({ type: 'thinking', thinking: '', signature: 'sig-claude' })
    const next = anthropicToGemini(
      requestOf([
        { role: 'user', content: 'go' },
        { role: 'assistant', content },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' }] },
      ]),
      { recallThinking: (signature) => store.recall(signature) },
    )
    expect(next.contents[1]?.parts[0]).toEqual({
      text: 'Plan: read it',
      thought: true,
      thoughtSignature: 'sig-claude',
    })
  })
})

describe('createWithheldThinking', () => {
  it('forgets the oldest texts first once over its size', () => {
    const store = createWithheldThinking(10)
    store.remember('a', '1234')
    store.remember('b', '5678')
    store.remember('c', '90ab')
    expect(store.recall('a')).toBeUndefined()
    expect(store.recall('b')).toBe('5678')
    expect(store.recall('c')).toBe('90ab')
    store.remember('huge', 'x'.repeat(11))
    expect(store.recall('huge')).toBeUndefined()
    expect(store.recall('c')).toBe('90ab')
  })
})
