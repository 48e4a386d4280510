import Anthropic from '@anthropic-ai/sdk'
import { ApiError, GoogleGenAI } from '@google/genai'
import OpenAI from 'openai'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { seedAccounts } from '../helpers/account-files'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

/** The models one account's fetched quota lists: fewer than the built-in line-up. */
const served = ['claude-opus-4-6-thinking', 'gemini-2.5-pro', 'gemini-3-flash']

let world: FakeGoogleWorld
let server: TestServer

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  const { refreshToken } = world.fake.addUser({ email: 'ana@example.com', projectId: 'proj-ana' })
  seedAccounts(world.temp.dir, [
    {
      email: 'ana@example.com',
      refreshToken,
      projectId: 'proj-ana',
      extra: {
        quota: {
          models: [
            ...served.map((name) => ({ name, percentage: 80, reset_time: '' })),
            // Cloud Code's internal models are no use to clients.
            { name: 'chat_20706', percentage: 100, reset_time: '' },
          ],
          last_updated: 1_780_000_000,
        },
      },
    },
  ])
  server = await startTestServer({
    fake: world.fake,
    dataDir: world.temp.dir,
    env: { AGTRAY_API_KEY: 'sk-test-key' },
  })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

describe('model lists show what the accounts really serve', () => {
  it('in OpenAI’s shape', async () => {
    const client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: 'sk-test-key' })
    const ids: string[] = []
    for await (const model of client.models.list()) ids.push(model.id)
    expect(ids).toEqual(served)
  })

  it('in Anthropic’s shape, for Anthropic clients on the same path', async () => {
    const client = new Anthropic({ baseURL: server.url, apiKey: 'sk-test-key', maxRetries: 0 })
    const ids: string[] = []
    for await (const model of client.models.list()) ids.push(model.id)
    expect(ids).toEqual(served)
    const one = await client.models.retrieve('gemini-3-flash')
    expect(one).toMatchObject({ type: 'model', id: 'gemini-3-flash' })
    await expect(client.models.retrieve('davinci-002')).rejects.toBeInstanceOf(
      Anthropic.NotFoundError,
    )
  })

  it('in Gemini’s shape', async () => {
    const ai = new GoogleGenAI({ apiKey: 'sk-test-key', httpOptions: { baseUrl: server.url } })
    const names: string[] = []
    for await (const model of await ai.models.list()) names.push(model.name ?? '')
    expect(names).toEqual(served.map((name) => `models/${name}`))
    const error = await ai.models.get({ model: 'davinci-002' }).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).status).toBe(404)
  })
})

describe('a model name resolves to a model the account serves', () => {
  it('takes the account’s own pro model for a newer Gemini Pro name', async () => {
    const ai = new GoogleGenAI({ apiKey: 'sk-test-key', httpOptions: { baseUrl: server.url } })
    const response = await ai.models.generateContent({
      model: 'gemini-3.1-pro-preview',
      contents: 'hi',
    })
    expect(response.text).toBe('Hello from gemini-2.5-pro as ana@example.com')
    expect(response.sdkHttpResponse?.headers?.['x-agtray-model']).toBe('gemini-2.5-pro')
  })

  it('takes the account’s Claude for a Claude Code default name', async () => {
    const client = new Anthropic({ baseURL: server.url, apiKey: 'sk-test-key', maxRetries: 0 })
    const { data, response } = await client.messages
      .create({
        model: 'claude-sonnet-5-5',
        max_tokens: 100,
        messages: [{ role: 'user', content: 'hi' }],
      })
      .withResponse()
    // The account serves no Sonnet, so its Opus stands in; the client sees the name it asked for.
    expect(response.headers.get('x-agtray-model')).toBe('claude-opus-4-6-thinking')
    expect(data.model).toBe('claude-sonnet-5-5')
    expect(world.fake.callsTo('streamGenerateContent').at(-1)?.model).toBe(
      'claude-opus-4-6-thinking',
    )
  })
})
