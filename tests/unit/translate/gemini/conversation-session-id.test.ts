import { describe, expect, it } from 'vitest'
import { messagesRequestSchema } from '../../../../src/core/translate/anthropic/anthropic-request-schema'
import { anthropicToGemini } from '../../../../src/core/translate/anthropic/anthropic-to-gemini'
import {
  conversationSessionId,
  sessionIdFor,
} from '../../../../src/core/translate/gemini/conversation-session-id'
import { chatCompletionRequestSchema } from '../../../../src/core/translate/openai/openai-request-schema'
import { openAiToGemini } from '../../../../src/core/translate/openai/openai-to-gemini'
import { responsesRequestSchema } from '../../../../src/core/translate/responses/responses-request-schema'
import { responsesToGemini } from '../../../../src/core/translate/responses/responses-to-gemini'
import { createToolNames } from '../../../../src/core/translate/responses/responses-tools'
import { jsonFixture } from '../anthropic/fixtures'

const DERIVED = /^sid-[0-9a-f]{16}$/

/** The session id the forwarder sends for a request of each protocol. */
const anthropicSession = (body: unknown, sessionHeader?: string) =>
  sessionIdFor(anthropicToGemini(messagesRequestSchema.parse(body), { sessionHeader }))
const chatSession = (body: unknown) =>
  sessionIdFor(
    openAiToGemini(chatCompletionRequestSchema.parse(body), { signatureFor: () => undefined }),
  )
const responsesSession = (body: unknown) => {
  const request = responsesRequestSchema.parse(body)
  return sessionIdFor(
    responsesToGemini(request, {
      names: createToolNames(request),
      signatureFor: () => undefined,
      foldPrefill: false,
    }).request,
  )
}

/** The same conversation one and two turns later. */
const later = <T extends Record<string, unknown>>(
  body: T,
  key: string,
  turn: (n: number) => unknown[],
): T[] => [1, 2].map((n) => ({ ...body, [key]: [...(body[key] as unknown[]), ...turn(n)] }))

describe('a stable session id for every protocol', () => {
  it('Anthropic without an id: the first user turn, reminders aside, the same on every turn', () => {
    const body = jsonFixture('anthropic-messages.factory-droid-sonnet.request.json')
    const first = anthropicSession(body)
    expect(first).toMatch(DERIVED)
    for (const next of later(body, 'messages', (n) => [
      { role: 'assistant', content: `answer ${n}` },
      {
        role: 'user',
        content: [
          { type: 'text', text: `<system-reminder>turn ${n}</system-reminder>` },
          { type: 'text', text: `question ${n}` },
        ],
      },
    ]))
      expect(anthropicSession(next)).toBe(first)
    // Another conversation's first turn is another id.
    const other = { ...body, messages: [{ role: 'user', content: 'Write a haiku about rain' }] }
    expect(anthropicSession(other)).toMatch(DERIVED)
    expect(anthropicSession(other)).not.toBe(first)
  })

  it('Claude Code names its session in a header and in metadata.user_id', () => {
    const body = jsonFixture('claude-code-2.1.332.default-model.messages.request.json')
    const headers = jsonFixture('claude-code-2.1.332.default-model.messages.request.headers.json')
    const session = headers['x-claude-code-session-id'] as string
    expect(anthropicSession(body, session)).toBe(session)
    expect(anthropicSession(body)).toBe(session)
  })

  it('OpenAI chat: prompt_cache_key, else user, else the first user message', () => {
    const body = jsonFixture('openai-chat.factory-droid.request.json')
    const first = chatSession(body)
    expect(first).toMatch(DERIVED)
    for (const next of later(body, 'messages', (n) => [
      { role: 'assistant', content: `answer ${n}` },
      { role: 'user', content: `question ${n}` },
    ]))
      expect(chatSession(next)).toBe(first)
    expect(chatSession({ ...body, user: 'user-7' })).toBe('user-7')
    expect(chatSession({ ...body, user: 'user-7', prompt_cache_key: 'conv-9' })).toBe('conv-9')
  })

  it('OpenAI Responses: Codex’s prompt_cache_key, else the first user message', () => {
    const body = jsonFixture('codex-0.171.0.plain.responses.request.json')
    expect(responsesSession(body)).toBe(body.prompt_cache_key)
    const anonymous = { ...body, prompt_cache_key: undefined }
    const first = responsesSession(anonymous)
    expect(first).toMatch(DERIVED)
    for (const next of later(anonymous, 'input', (n) => [
      { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: `a${n}` }] },
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: `q${n}` }] },
    ]))
      expect(responsesSession(next)).toBe(first)
  })

  it('Gemini: the first user content (gemini-cli’s request), the same on every turn', () => {
    const request = jsonFixture('gemini-cli.v1internal.request.json').request
    const first = sessionIdFor(request)
    expect(first).toMatch(DERIVED)
    for (const next of later(request, 'contents', (n) => [
      { role: 'model', parts: [{ text: `answer ${n}` }] },
      { role: 'user', parts: [{ text: `question ${n}` }] },
    ]))
      expect(sessionIdFor(next)).toBe(first)
  })

  it('hashes a short first turn with its reminders, and gives no id without any text', () => {
    const hi = (reminder: string) => ({
      contents: [
        {
          role: 'user',
          parts: [{ text: `<system-reminder>${reminder}</system-reminder>` }, { text: 'hi' }],
        },
      ],
    })
    expect(conversationSessionId(hi('folder a'))).toMatch(DERIVED)
    expect(conversationSessionId(hi('folder a'))).not.toBe(conversationSessionId(hi('folder b')))
    // A first turn that says enough is hashed without them: a client may rewrite old reminders.
    const ask = (reminder: string) => ({
      contents: [
        {
          role: 'user',
          parts: [
            { text: `<system-reminder>${reminder}</system-reminder>` },
            { text: 'Fix the bug' },
          ],
        },
      ],
    })
    expect(conversationSessionId(ask('folder a'))).toBe(conversationSessionId(ask('folder b')))
    expect(
      conversationSessionId({
        contents: [{ role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] }],
      }),
    ).toBeUndefined()
  })
})
