import { describe, expect, it } from 'vitest'
import { createAnthropicStreamTranslator } from '../../../../src/core/translate/anthropic/anthropic-stream-translator'
import { anthropicToGemini } from '../../../../src/core/translate/anthropic/anthropic-to-gemini'
import type { Message } from '../../../../src/core/translate/anthropic/anthropic-types'
import { geminiToAnthropic } from '../../../../src/core/translate/anthropic/gemini-to-anthropic'
import { mergeGeminiStream } from '../../../../src/core/translate/gemini/merge-stream'
import { meta, requestOf, streamFixture } from './fixtures'
import { assemble } from './stream-events'

/** The next request Claude Code sends: the answer as the assistant turn, then the tool's result. */
function nextTurn(content: Message['content'], result: string) {
  const toolUse = content.find((block) => block.type === 'tool_use')
  if (toolUse?.type !== 'tool_use') throw new Error('the answer has no tool_use')
  return anthropicToGemini(
    requestOf([
      { role: 'user', content: 'list my desktop' },
      { role: 'assistant', content },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: toolUse.id, content: result }],
      },
    ]),
  )
}

describe('a multi-turn tool use round trip', () => {
  it('sends Gemini 3’s signature back on its call, with the thought, after a non-streamed answer', () => {
    const events = streamFixture('cloudcode-stream-thinking-functioncall.sse')
    const answer = geminiToAnthropic(mergeGeminiStream(events), meta)
    const thought = events[0]?.candidates?.[0]?.content?.parts?.[0]?.text
    const call = events[1]?.candidates?.[0]?.content?.parts?.[0]?.functionCall
    const gemini = nextTurn(answer.content, 'a.txt')
    expect(gemini.contents[1]).toEqual({
      role: 'model',
      parts: [
        { text: thought, thought: true, thoughtSignature: 'Ep5FCptFARFNMg8HtIq2X2xsR/aOSzOq5Q5Vf' },
        { functionCall: call, thoughtSignature: 'Ep5FCptFARFNMg8HtIq2X2xsR/aOSzOq5Q5Vf' },
      ],
    })
    expect(gemini.contents[2]).toEqual({
      role: 'user',
      parts: [
        {
          functionResponse: {
            name: 'run_command',
            id: 'call_9918231',
            response: { output: 'a.txt' },
          },
        },
      ],
    })
  })

  it('sends the signature of a call without visible reasoning back on that call, after a stream', () => {
    const translator = createAnthropicStreamTranslator(meta)
    const events = streamFixture('cloudcode-stream-functioncall-captured.sse').flatMap((event) =>
      translator.push(event),
    )
    const content = assemble([...events, ...translator.finish()])
    const gemini = nextTurn(content, '18°C')
    expect(gemini.contents[1]).toEqual({
      role: 'model',
      parts: [
        {
          functionCall: { name: 'get_weather', args: { city: 'Paris' }, id: '5hp24qb7' },
          thoughtSignature: 'EpUFCpIFARFNMg9gRRWY7S9ev8ODKx91C67n',
        },
      ],
    })
    expect(gemini.contents[2]?.parts[0]?.functionResponse).toEqual({
      name: 'get_weather',
      id: '5hp24qb7',
      response: { output: '18°C' },
    })
  })

  it('answers a call whose id agtray minted', () => {
    const answer = geminiToAnthropic(
      {
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ functionCall: { name: 'Read', args: { p: 'x' } } }],
            },
            finishReason: 'STOP',
          },
        ],
      },
      meta,
    )
    const gemini = nextTurn(answer.content, 'text')
    expect(gemini.contents[1]?.parts).toEqual([
      { functionCall: { name: 'Read', args: { p: 'x' }, id: 'msg_test_toolu_0' } },
    ])
    expect(gemini.contents[2]?.parts[0]?.functionResponse?.name).toBe('Read')
  })
})
