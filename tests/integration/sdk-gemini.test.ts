import { ApiError, GoogleGenAI } from '@google/genai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogle } from '../fakes/google'
import type { makeTempDir } from '../helpers/temp-dir'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

let fake: FakeGoogle
let temp: ReturnType<typeof makeTempDir>
let server: TestServer
let ai: GoogleGenAI

beforeEach(async () => {
  ;({ fake, temp } = await openFakeGoogleWorld())
  server = await startServerWithAna(
    { fake, temp },
    { bodyLimit: '64kb', overrides: { host: '0.0.0.0' } },
  )
  ai = new GoogleGenAI({ apiKey: server.apiKey, httpOptions: { baseUrl: server.url } })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ fake, temp, server })
})

describe('Gemini SDK (@google/genai) against agtray', () => {
  it('generates content', async () => {
    const response = await ai.models.generateContent({
      model: 'gemini-2.5-flash',
      contents: 'Say hello',
    })
    expect(response.text).toBe('Hello from gemini-2.5-flash as ana@example.com')
    expect(fake.callsTo('generateContent').at(-1)?.body).toMatchObject({
      project: 'proj-ana',
      model: 'gemini-2.5-flash',
    })
  })

  it('streams, the first chunk before the upstream has finished', async () => {
    const release = fake.holdStreams()
    const stream = await ai.models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: 'Say hello',
    })
    const texts: string[] = []
    for await (const chunk of stream) {
      texts.push(chunk.text ?? '')
      if (texts.length === 1) release()
    }
    expect(texts.length).toBe(3)
    expect(texts.join('')).toBe('Hello from gemini-2.5-flash as ana@example.com')
  })

  it('counts tokens and lists models', async () => {
    const counted = await ai.models.countTokens({
      model: 'gemini-2.5-flash',
      contents: 'hello there',
    })
    expect(counted.totalTokens).toBeGreaterThan(0)
    const names: string[] = []
    for await (const model of await ai.models.list()) names.push(model.name ?? '')
    expect(names).toContain('models/gemini-2.5-flash')
    const one = await ai.models.get({ model: 'gemini-3-flash' })
    expect(one.name).toBe('models/gemini-3-flash')
  })

  it('refuses a wrong key with an ApiError 401', async () => {
    const wrong = new GoogleGenAI({ apiKey: 'wrong-key-123', httpOptions: { baseUrl: server.url } })
    const error = await wrong.models
      .generateContent({ model: 'gemini-2.5-flash', contents: 'hi' })
      .catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(401)
  })

  it('surfaces bad requests as ApiError with the right status', async () => {
    const statusOf = async (run: () => Promise<unknown>) =>
      ((await run().catch((error: unknown) => error)) as ApiError).status
    expect(
      await statusOf(() =>
        ai.models.generateContent({ model: 'no-such-model-anywhere', contents: 'hi' }),
      ),
    ).toBe(404)
    expect(
      await statusOf(() =>
        ai.models.generateContent({ model: 'gemini-2.5-flash', contents: 'x'.repeat(70_000) }),
      ),
    ).toBe(413)
    // An empty turn passes agtray's check and is refused by Google: translated, not passed raw.
    expect(
      await statusOf(() =>
        ai.models.generateContent({
          model: 'gemini-2.5-flash',
          contents: [{ role: 'user', parts: [] }],
        }),
      ),
    ).toBe(400)
  })

  it('routes a model alias from settings', async () => {
    await server.stop()
    const settingsPath = `${temp.dir}/settings.json`
    const { readFileSync, writeFileSync } = await import('node:fs')
    const settings = JSON.parse(readFileSync(settingsPath, 'utf8'))
    writeFileSync(
      settingsPath,
      JSON.stringify({
        ...settings,
        proxy: { ...settings.proxy, custom_mapping: { 'my-fast': 'gemini-3-flash' } },
      }),
    )
    server = await startTestServer({ fake, dataDir: temp.dir })
    ai = new GoogleGenAI({ apiKey: server.apiKey, httpOptions: { baseUrl: server.url } })
    const response = await ai.models.generateContent({ model: 'my-fast', contents: 'hi' })
    expect(response.text).toBe('Hello from gemini-3-flash as ana@example.com')
  })
})
