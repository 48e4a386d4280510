import fc from 'fast-check'
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

/**
 * Hostile and broken input on every route, generated: malformed, truncated, huge, wrongly typed,
 * wrongly encoded and deeply nested bodies; odd headers, cookies and path parameters. Every
 * answer must be the client's fault (4xx) or a success, in the route's own error format, and the
 * server must be alive and unhurt afterwards. Bounded: a fixed number of runs and a fixed seed
 * per route, so a failure is reproducible (the seed is in fast-check's report).
 */

let world: FakeGoogleWorld
let server: TestServer

beforeAll(async () => {
  world = await openFakeGoogleWorld()
  server = await startServerWithAna(world, { bodyLimit: '256kb' })
})
afterAll(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

type Format = 'openai' | 'anthropic' | 'gemini' | 'admin'

interface Route {
  method: string
  /** The path; `{}` is where a generated path parameter goes. */
  path: string
  format: Format
  /** A body the route would serve: the generators start from it. */
  template?: unknown
  admin?: boolean
}

const messages = [{ role: 'user', content: 'hi' }]
const contents = [{ role: 'user', parts: [{ text: 'hi' }] }]
const routes: Route[] = [
  {
    method: 'POST',
    path: '/v1/chat/completions',
    format: 'openai',
    template: { model: 'gemini-2.5-flash', messages, tools: [], stream: false },
  },
  {
    method: 'POST',
    path: '/v1/responses',
    format: 'openai',
    template: { model: 'gemini-2.5-flash', input: [{ role: 'user', content: 'hi' }] },
  },
  {
    method: 'POST',
    path: '/v1/messages',
    format: 'anthropic',
    template: { model: 'claude-sonnet-4-6', max_tokens: 16, messages, system: 's' },
  },
  {
    method: 'POST',
    path: '/v1/messages/count_tokens',
    format: 'anthropic',
    template: { model: 'claude-sonnet-4-6', messages },
  },
  {
    method: 'POST',
    path: '/v1beta/models/{}:generateContent',
    format: 'gemini',
    template: { contents, generationConfig: { maxOutputTokens: 8 } },
  },
  {
    method: 'POST',
    path: '/v1beta/models/{}:streamGenerateContent?alt=sse',
    format: 'gemini',
    template: { contents },
  },
  {
    method: 'POST',
    path: '/v1beta/models/{}:countTokens',
    format: 'gemini',
    template: { contents },
  },
  { method: 'GET', path: '/v1/models/{}', format: 'openai' },
  { method: 'GET', path: '/v1beta/models/{}', format: 'gemini' },
  {
    method: 'POST',
    path: '/api/accounts',
    format: 'admin',
    template: { refresh_token: '1//x' },
    admin: true,
  },
  {
    method: 'POST',
    path: '/api/accounts/import',
    format: 'admin',
    template: [{ email: 'a@b.c', refresh_token: '1//x' }],
    admin: true,
  },
  { method: 'POST', path: '/api/session', format: 'admin', template: { admin_token: 'x' } },
  {
    method: 'POST',
    path: '/api/accounts/{}/proxy-disabled',
    format: 'admin',
    template: { proxy_disabled: true },
    admin: true,
  },
  { method: 'DELETE', path: '/api/accounts/{}', format: 'admin', admin: true },
]

/** Replaces the value at one random place of a JSON value with another value. */
function mutate(value: unknown, path: number[], replacement: unknown): unknown {
  if (path.length === 0 || value === null || typeof value !== 'object') return replacement
  const [step = 0, ...rest] = path
  if (Array.isArray(value)) {
    if (value.length === 0) return replacement
    const index = step % value.length
    return value.map((item, at) => (at === index ? mutate(item, rest, replacement) : item))
  }
  const keys = Object.keys(value)
  if (keys.length === 0) return replacement
  const key = keys[step % keys.length] as string
  return { ...value, [key]: mutate((value as Record<string, unknown>)[key], rest, replacement) }
}

const nested = (depth: number, leaf: string) => `${'['.repeat(depth)}${leaf}${']'.repeat(depth)}`

/** Body bytes: everything a broken or hostile client might send instead of the template. */
const bodyOf = (template: unknown): fc.Arbitrary<Buffer> => {
  const text = JSON.stringify(template ?? {})
  return fc.oneof(
    // The template with one place changed to any JSON (a wrong type, null, a huge number…).
    fc
      .tuple(fc.array(fc.nat(20), { maxLength: 5 }), fc.jsonValue({ maxDepth: 3 }))
      .map(([path, value]) => Buffer.from(JSON.stringify(mutate(template, path, value)))),
    // Any JSON at all.
    fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value))),
    // Truncated.
    fc.nat(text.length).map((cut) => Buffer.from(text.slice(0, cut))),
    // Nested deeper than any real request.
    fc.integer({ min: 100, max: 20_000 }).map((depth) => Buffer.from(nested(depth, text))),
    // Not JSON, not even text.
    fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
    // Text with lone surrogates and control characters in the strings.
    fc
      .string({ unit: 'binary', maxLength: 50 })
      .map((junk) => Buffer.from(text.replace('"hi"', JSON.stringify(junk)))),
    // Over the body limit.
    fc
      .integer({ min: 300_000, max: 600_000 })
      .map((size) => Buffer.from(text.replace('"hi"', JSON.stringify('x'.repeat(size))))),
  )
}

/** Header values a client may send (what Node lets a client put on the wire). */
const headerValue = fc
  .string({ maxLength: 40 })
  .map((value) => value.replace(/[^\t\x20-\x7e]/g, '?'))

const oddHeaders = fc.record(
  {
    'content-type': fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'application/json; charset=latin1',
      'application/json; charset=nonsense',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset="utf-8',
      '',
    ),
    'content-encoding': fc.constantFrom(
      'gzip',
      'deflate',
      'br',
      'identity',
      'x-unknown',
      'gzip, gzip',
    ),
    cookie: fc.oneof(
      headerValue,
      fc.constant('agtray_session=%E0%A4%A'),
      fc.constant('agtray_session=; =; ;;'),
    ),
    'x-api-key': headerValue,
    authorization: headerValue,
    'anthropic-version': headerValue,
    accept: headerValue,
  },
  { requiredKeys: [] },
)

/** Mostly a well-behaved client's headers, so that the broken bodies reach the translators. */
const headersOf = fc.oneof(
  { weight: 3, arbitrary: fc.constant({ 'content-type': 'application/json' }) },
  { weight: 1, arbitrary: oddHeaders },
)

/** What goes where the path has `{}`: a model name or an id, valid or not, encoded or not. */
const pathParameter = fc.oneof(
  { weight: 4, arbitrary: fc.constant('gemini-2.5-flash') },
  fc.constantFrom(
    'gemini-2.5-flash',
    'claude-opus-5-5',
    'models%2Fx',
    '%E0%A4%A',
    '%',
    '%ZZ',
    '..',
    '%00',
  ),
  fc.string({ maxLength: 30 }).map((value) => encodeURIComponent(value)),
  fc.string({ unit: 'grapheme', maxLength: 10 }).map((value) => encodeURI(value)),
)

function send(
  route: Route,
  parameter: string,
  headers: Record<string, string>,
  body: Buffer | null,
): Promise<RawAnswer> {
  const path = route.path.replace('{}', parameter)
  const all: Record<string, string | number> = {
    ...Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== '')),
    ...(route.admin ? { authorization: `Bearer ${server.adminToken}` } : {}),
  }
  if (body) all['content-length'] = body.length
  // A connection agtray closed early (a body it would not read) answers with status 0: fine too.
  return rawRequest(`${server.url}${path}`, {
    method: route.method,
    headers: all,
    body: body ?? undefined,
  })
}

/** The error body a client of this format can parse. */
function isInFormat(format: Format, status: number, text: string): boolean {
  let body: any
  try {
    body = JSON.parse(text)
  } catch {
    return false
  }
  if (format === 'anthropic') return body?.type === 'error' && typeof body.error?.type === 'string'
  if (format === 'gemini')
    return body?.error?.code === status && typeof body.error?.status === 'string'
  if (format === 'admin') return typeof body?.error?.code === 'string'
  return typeof body?.error?.message === 'string' && typeof body.error?.type === 'string'
}

const RUNS_PER_ROUTE = 150

describe('the fault suite', () => {
  it.each(routes.map((route, index) => ({ ...route, seed: 7_000 + index })))(
    '$method $path: every broken request is the client’s fault, in the route’s format',
    async (route) => {
      await fc.assert(
        fc.asyncProperty(
          pathParameter,
          headersOf,
          route.template === undefined ? fc.constant(null) : bodyOf(route.template),
          async (parameter, headers, body) => {
            const answer = await send(route, parameter, headers, body)
            if (answer.status === 0) return
            expect(answer.status, answer.text.slice(0, 300)).toBeLessThan(500)
            if (answer.status >= 400)
              expect(
                isInFormat(route.format, answer.status, answer.text),
                answer.text.slice(0, 300),
              ).toBe(true)
          },
        ),
        { numRuns: RUNS_PER_ROUTE, seed: route.seed },
      )
    },
    60_000,
  )

  it('leaves the server alive, serving, and with no internal error logged', async () => {
    expect(routes.length * RUNS_PER_ROUTE).toBeGreaterThanOrEqual(2_000)
    expect((await server.generate()).status).toBe(200)
    const internal = server.logger
      .messages()
      .filter((line) => /failed: |internal error/i.test(line))
    expect(internal).toEqual([])
  })
})
