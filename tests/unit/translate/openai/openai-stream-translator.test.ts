import { readFileSync } from 'node:fs'
import path from 'node:path'
import type OpenAI from 'openai'
import { describe, expect, it } from 'vitest'
import type { GeminiResponse } from '../../../../src/core/translate/gemini/gemini-types'
import { mergeGeminiStream } from '../../../../src/core/translate/gemini/merge-stream'
import { geminiToOpenAi } from '../../../../src/core/translate/openai/gemini-to-openai'
import { createOpenAiStreamTranslator } from '../../../../src/core/translate/openai/openai-stream-translator'
import type {
  ChatCompletionChunk,
  ChatCompletionUsage,
} from '../../../../src/core/translate/openai/openai-types'

const events = (name: string): GeminiResponse[] =>
  readFileSync(path.join(__dirname, '../../../fixtures', name), 'utf8')
    .split(/\r?\n\r?\n/)
    .filter((block) => block.startsWith('data: '))
    .map(
      (block) =>
        (JSON.parse(block.slice('data: '.length)) as { response: GeminiResponse }).response,
    )

const meta = { id: 'chatcmpl-s1', model: 'gemini-3-flash', created: 1_760_000_000 }

const run = (list: GeminiResponse[], includeUsage = false) => {
  const translator = createOpenAiStreamTranslator(meta, { includeUsage })
  const chunks = [...list.flatMap((event) => translator.push(event)), ...translator.finish()]
  return { chunks, signatures: translator.signatures() }
}

const deltas = (chunks: ChatCompletionChunk[]) =>
  chunks.flatMap((c) => c.choices.map((choice) => choice.delta))

/** What a client gets by concatenating the deltas, as the OpenAI SDK's stream helper does. */
function accumulate(chunks: ChatCompletionChunk[]) {
  let content = ''
  let reasoning = ''
  const calls: {
    index: number
    id: string
    type: 'function'
    function: { name: string; arguments: string }
  }[] = []
  for (const delta of deltas(chunks)) {
    content += delta.content ?? ''
    reasoning += delta.reasoning_content ?? ''
    calls.push(...(delta.tool_calls ?? []))
  }
  return { content, reasoning, calls }
}

const usage = (
  prompt: number,
  completion: number,
  total: number,
  cached: number,
  reasoning: number,
): ChatCompletionUsage => ({
  prompt_tokens: prompt,
  completion_tokens: completion,
  total_tokens: total,
  prompt_tokens_details: { cached_tokens: cached },
  completion_tokens_details: { reasoning_tokens: reasoning },
})

const thinkingArgs =
  '{"CommandLine":"Get-ChildItem $HOME\\\\Desktop","Cwd":"C:\\\\Users\\\\user","WaitMsBeforeAsync":5000,"toolAction":"Listing desktop","toolSummary":"List files"}'

const fixtures = [
  {
    file: 'cloudcode-stream-text-single-chunk.sse',
    deltas: [
      { content: 'Why did the scarecrow win an award? Because he was outstanding in his field.' },
    ],
    calls: [],
    finish: 'stop',
    usage: usage(10, 41, 51, 0, 24),
  },
  {
    file: 'cloudcode-stream-text-signature.sse',
    deltas: [
      { content: 'Har' },
      { content: 'ika bir deney oldu! İstediğin işlemi eksiksiz tamamladım.' },
    ],
    calls: [],
    finish: 'stop',
    usage: usage(68360, 1383, 69743, 64937, 0),
  },
  {
    file: 'cloudcode-stream-thought-text.sse',
    deltas: [
      { reasoning_content: "**Responding**\n\nI will respond to the user's request.\n\n" },
      { content: 'Response to: ' },
      { content: 'Hello World' },
    ],
    calls: [],
    finish: 'stop',
    usage: usage(100, 27, 127, 0, 20),
  },
  {
    file: 'cloudcode-stream-claude-thinking-partial.sse',
    deltas: [{ reasoning_content: '素。' }],
    calls: [],
    finish: 'stop',
    usage: usage(22937, 5, 22942, 0, 0),
  },
  {
    file: 'cloudcode-stream-malformed-function-call.sse',
    deltas: [
      {
        reasoning_content: expect.stringMatching(
          /^\*\*Generating a Story\*\*.*robot_story\.txt` as a default\.\n\n\n$/s,
        ),
      },
    ],
    calls: [],
    finish: 'stop',
    usage: usage(12282, 0, 12282, 0, 0),
  },
  {
    file: 'cloudcode-stream-functioncall-captured.sse',
    deltas: [
      {
        tool_calls: [
          {
            index: 0,
            id: '5hp24qb7',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
    ],
    calls: [{ id: '5hp24qb7', signature: 'EpUFCpIFARFNMg9gRRWY7S9ev8ODKx91C67n' }],
    finish: 'tool_calls',
    usage: usage(48, 154, 202, 0, 138),
  },
  {
    file: 'cloudcode-stream-thinking-functioncall.sse',
    deltas: [
      {
        reasoning_content:
          'Kullanıcı masaüstündeki dosyaları görmek istiyor. run_command aracıyla PowerShell Get-ChildItem çalıştırılmalı.\n',
      },
      {
        tool_calls: [
          {
            index: 0,
            id: 'call_9918231',
            type: 'function',
            function: { name: 'run_command', arguments: thinkingArgs },
          },
        ],
      },
    ],
    calls: [{ id: 'call_9918231', signature: 'Ep5FCptFARFNMg8HtIq2X2xsR/aOSzOq5Q5Vf' }],
    finish: 'tool_calls',
    usage: usage(63888, 292, 64180, 61440, 250),
  },
] as const

describe('createOpenAiStreamTranslator on the recorded Cloud Code streams', () => {
  it.each(fixtures)('$file: role first, then the pieces in order, then $finish', (fixture) => {
    const { chunks, signatures } = run(events(fixture.file))
    expect(deltas(chunks)).toEqual([{ role: 'assistant', content: '' }, ...fixture.deltas, {}])
    expect(chunks.map((c) => c.choices[0]?.finish_reason)).toEqual([
      ...Array<null>(chunks.length - 1).fill(null),
      fixture.finish,
    ])
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: 'chatcmpl-s1',
        object: 'chat.completion.chunk',
        created: 1_760_000_000,
        model: 'gemini-3-flash',
      })
      expect(chunk).not.toHaveProperty('usage')
      const sdk: OpenAI.ChatCompletionChunk = chunk
      expect(sdk.choices).toHaveLength(1)
    }
    expect(signatures).toEqual(
      fixture.calls.map((c) => ({ toolCallId: c.id, signature: c.signature })),
    )
  })

  it.each(fixtures)(
    '$file: with include_usage, ends with one usage chunk without choices',
    (fixture) => {
      const withUsage = run(events(fixture.file), true).chunks
      const without = run(events(fixture.file)).chunks
      expect(withUsage.slice(0, -1)).toEqual(without)
      expect(withUsage.at(-1)).toEqual({
        id: 'chatcmpl-s1',
        object: 'chat.completion.chunk',
        created: 1_760_000_000,
        model: 'gemini-3-flash',
        choices: [],
        usage: fixture.usage,
      })
    },
  )

  it.each(fixtures)('$file: merged and translated whole, gives what the stream gave', (fixture) => {
    const list = events(fixture.file)
    const streamed = run(list, true)
    const { completion, signatures } = geminiToOpenAi(mergeGeminiStream(list), meta)
    const { content, reasoning, calls } = accumulate(streamed.chunks)
    const message = completion.choices[0]?.message
    expect(message?.content).toBe(calls.length > 0 && content === '' ? null : content)
    expect(message?.reasoning_content ?? '').toBe(reasoning)
    expect(message?.tool_calls ?? []).toEqual(calls.map(({ index: _index, ...call }) => call))
    expect(completion.choices[0]?.finish_reason).toBe(fixture.finish)
    expect(completion.usage).toEqual(streamed.chunks.at(-1)?.usage)
    expect(signatures).toEqual(streamed.signatures)
  })
})

describe('createOpenAiStreamTranslator', () => {
  const call = (name: string, id?: string): GeminiResponse => ({
    candidates: [
      {
        content: {
          role: 'model',
          parts: [{ functionCall: { name, args: { n: name }, ...(id ? { id } : {}) } }],
        },
      },
    ],
  })

  it('numbers tool calls from 0 across events and mints missing ids like the non-streamed path', () => {
    const twoAtOnce: GeminiResponse = {
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ functionCall: { name: 'b' } }, { functionCall: { name: 'c', id: 'up_c' } }],
          },
          finishReason: 'STOP',
        },
      ],
    }
    const list = [
      call('a'),
      { candidates: [{ content: { role: 'model' as const, parts: [{ text: 'and' }] } }] },
      twoAtOnce,
    ]
    const { chunks } = run(list)
    const toolCalls = deltas(chunks).flatMap((d) => d.tool_calls ?? [])
    expect(toolCalls.map((c) => [c.index, c.id, c.function.name])).toEqual([
      [0, 'chatcmpl-s1-call-0', 'a'],
      [1, 'chatcmpl-s1-call-1', 'b'],
      [2, 'up_c', 'c'],
    ])
    const whole = geminiToOpenAi(mergeGeminiStream(list), meta).completion
    expect(whole.choices[0]?.message.tool_calls?.map((c) => c.id)).toEqual(
      toolCalls.map((c) => c.id),
    )
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('tool_calls')
  })

  it('uses the last finish reason seen', () => {
    const { chunks } = run([
      {
        candidates: [
          { content: { role: 'model', parts: [{ text: 'cut' }] }, finishReason: 'MAX_TOKENS' },
        ],
      },
    ])
    expect(chunks.at(-1)?.choices[0]?.finish_reason).toBe('length')
  })

  it('still opens and closes a stream that brought nothing, with zero usage', () => {
    const translator = createOpenAiStreamTranslator(meta, { includeUsage: true })
    const chunks = translator.finish()
    expect(deltas(chunks)).toEqual([{ role: 'assistant', content: '' }, {}])
    expect(chunks.at(-1)?.usage).toEqual(usage(0, 0, 0, 0, 0))
  })

  it('emits nothing after finish', () => {
    const translator = createOpenAiStreamTranslator(meta, { includeUsage: false })
    translator.push(call('a'))
    expect(translator.finish()).toHaveLength(1)
    expect(translator.finish()).toEqual([])
    expect(translator.push(call('b'))).toEqual([])
  })
})
