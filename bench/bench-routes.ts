import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BodySet } from './bench-options'

/** One protocol route as a client calls it. */
export interface BenchRoute {
  id: string
  label: string
  /** Path (and query) on agtray. */
  path: string
  body: Record<string, unknown>
  stream: boolean
  /** The Cloud Code method agtray calls for it (chat protocols always stream from Google). */
  upstreamMethod: 'generateContent' | 'streamGenerateContent'
  /** Text every successful answer contains, to prove the cells measure answers, not errors. */
  expect: RegExp
}

const fixture = (name: string): Record<string, unknown> =>
  JSON.parse(
    readFileSync(path.join(__dirname, '..', 'tests', 'fixtures', `${name}.json`), 'utf8'),
  ) as Record<string, unknown>

const hello = [{ role: 'user', content: 'Say hello' }]
const geminiHello = { contents: [{ role: 'user', parts: [{ text: 'Say hello' }] }] }
const answered = /Hello from|Tool .* said/

interface Protocol {
  id: string
  label: string
  path: (stream: boolean) => string
  /** Tiny prompt; the stream flag is set per variant. */
  small: Record<string, unknown>
  /** A real client's request from tests/fixtures (a whole agent turn, tens of kB). */
  captured: () => Record<string, unknown>
  /** Gemini's streaming is in the path, not the body. */
  streamInBody: boolean
}

const protocols: Protocol[] = [
  {
    id: 'gemini',
    label: 'Gemini generateContent',
    path: (stream) =>
      stream
        ? '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse'
        : '/v1beta/models/gemini-2.5-flash:generateContent',
    small: geminiHello,
    captured: () => fixture('gemini-cli-0.61.0.tool-turn.streamGenerateContent.request'),
    streamInBody: false,
  },
  {
    id: 'openai-chat',
    label: 'OpenAI chat completions',
    path: () => '/v1/chat/completions',
    small: { model: 'gemini-2.5-flash', messages: hello },
    captured: () => fixture('opencode-1.18.33.tool-turn.chat-completions.request'),
    streamInBody: true,
  },
  {
    id: 'responses',
    label: 'OpenAI Responses',
    path: () => '/v1/responses',
    small: { model: 'gemini-2.5-flash', input: 'Say hello' },
    captured: () => fixture('codex-0.171.0.plain.responses.request'),
    streamInBody: true,
  },
  {
    id: 'anthropic',
    label: 'Anthropic messages',
    path: () => '/v1/messages',
    small: { model: 'claude-sonnet-4-6', max_tokens: 256, messages: hello },
    captured: () => fixture('claude-code-2.1.332.default-model.messages.request'),
    streamInBody: true,
  },
]

/** Every protocol, non-streamed then streamed: `gemini`, `gemini-stream`, `openai-chat`… */
export function benchRoutes(bodies: BodySet): BenchRoute[] {
  return protocols.flatMap((protocol) =>
    [false, true].map((stream): BenchRoute => {
      const base = bodies === 'captured' ? protocol.captured() : protocol.small
      const body = { ...base }
      if (protocol.streamInBody) body.stream = stream
      return {
        id: stream ? `${protocol.id}-stream` : protocol.id,
        label: `${protocol.label}${stream ? ' (stream)' : ''}`,
        path: protocol.path(stream),
        body,
        stream,
        upstreamMethod:
          protocol.id === 'gemini' && !stream ? 'generateContent' : 'streamGenerateContent',
        expect: answered,
      }
    }),
  )
}
