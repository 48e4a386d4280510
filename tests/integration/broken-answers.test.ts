import Anthropic from '@anthropic-ai/sdk'
import { ApiError, GoogleGenAI } from '@google/genai'
import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { GenerateHandler } from '../fakes/google'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'

let world: FakeGoogleWorld
let server: TestServer

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  server = await startServerWithAna(world)
})
afterEach(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

/** Google starts answering, then its connection drops after the first event. */
const cutMidAnswer: GenerateHandler = ({ model }) => ({
  kind: 'chunks',
  chunks: ['Hel', 'lo', ' world'].map((text) => ({
    candidates: [{ content: { role: 'model', parts: [{ text }] } }],
    modelVersion: model,
  })),
  delayMs: 30,
  cutAfter: 1,
})

/** A 200 whose body is no answer: a front end's HTML page. */
const htmlInstead: GenerateHandler = () => ({
  kind: 'raw',
  status: 200,
  body: '<html><body>Service temporarily moved</body></html>',
  headers: { 'content-type': 'text/html' },
})

const openai = () => new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'k', maxRetries: 0 })
const anthropic = () => new Anthropic({ baseURL: server.url, apiKey: 'k', maxRetries: 0 })
const gemini = () => new GoogleGenAI({ apiKey: 'k', httpOptions: { baseUrl: server.url } })
const messages = [{ role: 'user' as const, content: 'Say hello' }]

describe('a stream Google cuts mid-answer is an error in every SDK, never a short answer', () => {
  it('OpenAI chat completions', async () => {
    world.fake.setGenerateHandler(cutMidAnswer)
    const stream = await openai().chat.completions.create({
      model: 'gemini-2.5-flash',
      messages,
      stream: true,
    })
    const texts: string[] = []
    const read = async () => {
      for await (const chunk of stream) texts.push(chunk.choices[0]?.delta.content ?? '')
    }
    await expect(read()).rejects.toThrow(/broke off/)
    expect(texts.join('')).toBe('Hel')
  })

  it('Anthropic messages', async () => {
    world.fake.setGenerateHandler(cutMidAnswer)
    const stream = anthropic().messages.stream({
      model: 'gemini-2.5-flash',
      max_tokens: 100,
      messages,
    })
    await expect(stream.finalMessage()).rejects.toThrow(/broke off/)
  })

  it('Gemini streamGenerateContent', async () => {
    world.fake.setGenerateHandler(cutMidAnswer)
    const stream = await gemini().models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'Say hello',
    })
    const texts: string[] = []
    const read = async () => {
      for await (const chunk of stream) texts.push(chunk.text ?? '')
    }
    const error = await read().catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect(String(error)).toMatch(/broke off/)
    expect(texts.join('')).toBe('Hel')
  })

  it('a client that did not stream gets a 502, not half the answer', async () => {
    world.fake.setGenerateHandler(cutMidAnswer)
    await expect(
      openai().chat.completions.create({ model: 'gemini-2.5-flash', messages }),
    ).rejects.toMatchObject({ status: 502 })
    await expect(
      anthropic().messages.create({ model: 'gemini-2.5-flash', max_tokens: 100, messages }),
    ).rejects.toMatchObject({ status: 502 })
    // The server is fine afterwards.
    world.fake.setGenerateHandler(null)
    expect((await server.generate()).status).toBe(200)
  })
})

describe('a 200 from Google that holds no answer is a 502 in the client’s format', () => {
  it.each([
    ['OpenAI', () => openai().chat.completions.create({ model: 'gemini-2.5-flash', messages })],
    [
      'OpenAI Responses',
      () => openai().responses.create({ model: 'gemini-2.5-flash', input: 'Say hello' }),
    ],
    [
      'Anthropic',
      () => anthropic().messages.create({ model: 'gemini-2.5-flash', max_tokens: 100, messages }),
    ],
    [
      'Gemini',
      () => gemini().models.generateContent({ model: 'gemini-2.5-flash', contents: 'hi' }),
    ],
  ])('%s', async (_name, call) => {
    world.fake.setGenerateHandler(htmlInstead)
    const error = (await call().catch((caught: unknown) => caught)) as { status?: number }
    expect(error.status).toBe(502)
  })
})
