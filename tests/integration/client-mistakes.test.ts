import { gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { RawAnswer } from '../helpers/raw-request'
import { rawRequest } from '../helpers/raw-request'
import type { TestServer } from '../helpers/test-server'

let world: FakeGoogleWorld
let server: TestServer

beforeAll(async () => {
  world = await openFakeGoogleWorld()
  server = await startServerWithAna(world)
})
afterAll(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

const raw = (
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: Buffer | string,
): Promise<RawAnswer> => rawRequest(`${server.url}${path}`, { method, headers, body })

const json = { 'content-type': 'application/json' }
const deep = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

/** Each route with a body it would serve, and how its format shows an error. */
const routes = [
  {
    path: '/v1/chat/completions',
    body: { model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] },
    format: (body: any) => expect(body.error).toHaveProperty('type'),
  },
  {
    path: '/v1/responses',
    body: { model: 'gemini-2.5-flash', input: 'hi' },
    format: (body: any) => expect(body.error).toHaveProperty('type'),
  },
  {
    path: '/v1/messages',
    body: {
      model: 'gemini-2.5-flash',
      max_tokens: 9,
      messages: [{ role: 'user', content: 'hi' }],
    },
    format: (body: any) => expect(body).toMatchObject({ type: 'error' }),
  },
  {
    path: '/v1beta/models/gemini-2.5-flash:generateContent',
    body: { contents: [{ role: 'user', parts: [{ text: 'hi' }] }] },
    format: (body: any) => expect(body.error).toHaveProperty('status'),
  },
]

const stillServes = async (): Promise<void> => {
  expect((await server.generate()).status).toBe(200)
}

describe.each(routes)('$path answers a client’s mistake with a 4xx in its format', (route) => {
  it('a body nested 5,000 deep', async () => {
    const body = JSON.stringify({ ...route.body, extra: JSON.parse(deep(100)) }).replace(
      '"extra":',
      `"extra":${deep(5000)},"x":`,
    )
    const answer = await raw('POST', route.path, json, body)
    expect(answer.status).toBe(400)
    route.format(answer.body)
    expect(JSON.stringify(answer.body)).toContain('levels deep')
    await stillServes()
  })

  it('an unsupported charset or content-encoding', async () => {
    const payload = JSON.stringify(route.body)
    const charset = await raw(
      'POST',
      route.path,
      { 'content-type': 'application/json; charset=iso-8859-1' },
      payload,
    )
    expect(charset.status).toBe(415)
    route.format(charset.body)
    const encoding = await raw(
      'POST',
      route.path,
      { ...json, 'content-encoding': 'snappy' },
      payload,
    )
    expect(encoding.status).toBe(415)
    route.format(encoding.body)
  })

  it('a model name that is no model name, before any account is spent', async () => {
    const calls = world.fake.calls.length
    const body = JSON.stringify({ ...route.body, model: '模型' })
    const path = route.path.replace('gemini-2.5-flash', encodeURIComponent('模型'))
    const answer = await raw('POST', path, json, body)
    expect(answer.status).toBe(400)
    route.format(answer.body)
    expect(world.fake.calls.length).toBe(calls)
  })

  it('serves a gzip-compressed body', async () => {
    const answer = await raw(
      'POST',
      route.path,
      { ...json, 'content-encoding': 'gzip' },
      gzipSync(JSON.stringify(route.body)),
    )
    expect(answer.status).toBe(200)
  })
})

describe('paths, cookies and the admin API', () => {
  it('answers a path parameter that does not decode with a 400', async () => {
    const gemini = await raw(
      'POST',
      '/v1beta/models/%E0%A4%A:generateContent',
      json,
      JSON.stringify(routes[3]?.body),
    )
    expect(gemini.status).toBe(400)
    expect(gemini.body.error).toHaveProperty('status')
    const openai = await raw('GET', '/v1/models/%ZZ', {})
    expect(openai.status).toBe(400)
    await stillServes()
  })

  it('takes a cookie that does not decode for no session', async () => {
    const answer = await raw('GET', '/api/accounts', { cookie: 'agtray_session=%E0%A4%A' })
    expect(answer.status).toBe(401)
    expect(answer.body.error.code).toBe('unauthorized')
  })

  it('answers every admin mistake in its one shape, with a documented code', async () => {
    const auth = { ...json, authorization: `Bearer ${server.adminToken}` }
    const cases = [
      await raw('POST', '/api/accounts', auth, '{"refresh_token": '),
      await raw('POST', '/api/accounts', auth, deep(500)),
      await raw('POST', '/api/accounts', { ...auth, 'content-encoding': 'snappy' }, '{}'),
      await raw('GET', '/api/accounts/%E0%A4%A', auth),
    ]
    for (const answer of cases) {
      expect(answer.status).toBeGreaterThanOrEqual(400)
      expect(answer.status).toBeLessThan(500)
      expect(Object.keys(answer.body)).toEqual(['error'])
      expect(Object.keys(answer.body.error).sort()).toEqual(['code', 'message'])
    }
  })
})
