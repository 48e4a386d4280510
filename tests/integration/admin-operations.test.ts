import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FetchLike, HttpTarget } from '../../src/renderer/src/transport/http-request'
import { callHttpOperation } from '../../src/renderer/src/transport/http-operation-call'
import { RendererApiError } from '../../src/shared/ipc-contract'
import { checkArg } from '../../src/shared/operation-args'
import type { OperationArg } from '../../src/shared/operation-contract'
import type { HttpOperationName, OperationArgs, OperationResult } from '../../src/shared/operations'
import { httpOperationNames, operations } from '../../src/shared/operations'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import { closeFakeGoogleWorld, openFakeGoogleWorld } from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'
import { startTestServer } from '../helpers/test-server'

/**
 * Every operation the admin API offers, sent by the web console's own transport code (the request
 * read off the contract, the session cookie and CSRF header as the browser sends them) to a real
 * server: it must reach the core operation it names, and a wrong argument must be a 400 naming it.
 */
let world: FakeGoogleWorld
let server: TestServer

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  server = await startTestServer({ fake: world.fake, dataDir: world.temp.dir })
})
afterEach(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

/** The web console after its login: a session cookie, kept as the browser keeps it. */
async function loggedInConsole(): Promise<HttpTarget & { statuses: number[] }> {
  const login = await fetch(`${server.url}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ admin_token: server.adminToken }),
  })
  expect(login.status).toBe(200)
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!
  const statuses: number[] = []
  const browserFetch: FetchLike = async (url, init) => {
    const response = await fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), cookie },
    })
    statuses.push(response.status)
    return response
  }
  return { baseUrl: server.url, fetch: browserFetch, statuses }
}

const addAccount = async (email: string) => {
  const { refreshToken } = world.fake.addUser({ email })
  return (await server.core.addAccountByRefreshToken(refreshToken)).account.id
}
const startFlow = async () =>
  (
    await server.core.startOAuth({
      accountId: null,
      redirect: { kind: 'server', callbackUrl: `${server.url}/oauth/callback` },
    })
  ).flow_id

interface Case<N extends HttpOperationName> {
  /** Valid arguments, after preparing what the call needs (an account, a running sign-in). */
  args(): Promise<OperationArgs<N>>
  /** Checks the result is the named core operation's, and that it had its effect. */
  reached(
    result: OperationResult<N>,
    sent: { args: OperationArgs<N>; statuses: number[] },
  ): Promise<void> | void
}

type Cases = { [N in HttpOperationName]: Case<N> }

const cases: Cases = {
  'accounts:list': {
    args: async () => {
      await addAccount('ana@example.com')
      return []
    },
    reached: (result) => {
      expect(result.accounts.map((account) => account.email)).toEqual(['ana@example.com'])
      expect(result).toEqual(server.core.listAccounts())
    },
  },
  'accounts:add-refresh-token': {
    args: async () => [world.fake.addUser({ email: 'ana@example.com' }).refreshToken],
    reached: (result, { statuses }) => {
      expect(result).toMatchObject({ created: true, account: { email: 'ana@example.com' } })
      expect(statuses).toEqual([201])
      expect(server.core.listAccounts().accounts).toHaveLength(1)
    },
  },
  'accounts:add-from-text': {
    args: async () => {
      const tokens = ['ana', 'bob'].map(
        (name) => world.fake.addUser({ email: `${name}@example.com` }).refreshToken,
      )
      return [`${tokens[0]}\n${tokens[1]}`]
    },
    reached: (result) => {
      expect(result).toEqual({ total: 2, added: 2, updated: 0, failed: [] })
      expect(server.core.listAccounts().accounts).toHaveLength(2)
    },
  },
  'accounts:import': {
    args: async () => [
      [
        {
          email: 'ana@example.com',
          refresh_token: world.fake.addUser({ email: 'ana@example.com' }).refreshToken,
        },
      ],
    ],
    reached: (result) => {
      expect(result).toEqual({ total: 1, added: 1, updated: 0, failed: [] })
      expect(server.core.listAccounts().accounts).toHaveLength(1)
    },
  },
  'accounts:remove': {
    args: async () => [await addAccount('ana@example.com')],
    reached: (result, { statuses }) => {
      expect(result).toBeNull()
      expect(statuses).toEqual([204])
      expect(server.core.listAccounts().accounts).toEqual([])
    },
  },
  'accounts:set-proxy-disabled': {
    args: async () => [await addAccount('ana@example.com'), true, 'kept for the IDE'],
    reached: (result) => {
      expect(result).toMatchObject({
        proxy_disabled: true,
        proxy_disabled_reason: 'kept for the IDE',
      })
      expect(server.core.listAccounts().accounts[0]).toMatchObject({ proxy_disabled: true })
    },
  },
  'accounts:refresh-quota': {
    args: async () => {
      const id = await addAccount('ana@example.com')
      world.fake.setQuota('ana@example.com', 'gemini-3-flash', { remainingFraction: 0.42 })
      return [id]
    },
    reached: (result) => {
      const flash = result.quota?.models.find((model) => model.name === 'gemini-3-flash')
      expect(flash?.percentage).toBe(42)
      expect(server.core.listAccounts().accounts[0]?.quota).toEqual(result.quota)
    },
  },
  'accounts:refresh-all-quotas': {
    args: async () => {
      await addAccount('ana@example.com')
      world.fake.setQuota('ana@example.com', 'gemini-3-flash', { remainingFraction: 0.42 })
      return []
    },
    reached: (result) => {
      expect(result).toMatchObject({ total: 1, refreshed: 1, failed: 0 })
      expect(result.results[0]?.account?.quota?.models).toContainEqual(
        expect.objectContaining({ name: 'gemini-3-flash', percentage: 42 }),
      )
    },
  },
  'accounts:start-oauth': {
    args: async () => [null],
    reached: (result) => {
      expect(server.core.oauthUrl(result.flow_id)).toBe(result.auth_url)
      // A sign-in of the web console comes back to this server, not to a loopback listener.
      expect(new URL(result.auth_url).searchParams.get('redirect_uri')).toBe(
        `${server.url}/oauth/callback`,
      )
    },
  },
  'accounts:cancel-oauth': {
    args: async () => [await startFlow()],
    reached: (result, { args: [flowId] }) => {
      expect(result).toBeNull()
      expect(server.core.oauthUrl(flowId)).toBeNull()
    },
  },
  'accounts:complete-oauth': {
    args: async () => {
      world.fake.addUser({ email: 'far@example.com' })
      world.fake.setConsentMode('auto')
      const flowId = await startFlow()
      // Signed in on another device: the browser ends on an address it cannot load; pasted.
      const consent = await fetch(server.core.oauthUrl(flowId)!, { redirect: 'manual' })
      return [flowId, consent.headers.get('location')!]
    },
    reached: (result, { args: [flowId] }) => {
      expect(result).toEqual({ ok: true, message: 'far@example.com is connected' })
      expect(server.core.listAccounts().accounts[0]).toMatchObject({ email: 'far@example.com' })
      expect(server.core.oauthUrl(flowId)).toBeNull()
    },
  },
  'accounts:oauth-url': {
    args: async () => [await startFlow()],
    reached: (result, { args: [flowId] }) => {
      expect(result).toBe(server.core.oauthUrl(flowId))
      expect(new URL(result).searchParams.get('redirect_uri')).toBe(`${server.url}/oauth/callback`)
    },
  },
  'proxy:status': {
    args: async () => [],
    reached: (result) => {
      expect(result).toEqual(server.core.proxyStatus())
    },
  },
  'proxy:set-enabled': {
    args: async () => [false],
    reached: (result) => {
      expect(result.enabled).toBe(false)
      expect(server.core.proxyStatus().enabled).toBe(false)
    },
  },
  'proxy:reveal-api-key': {
    args: async () => [],
    reached: (result) => {
      expect(result).toBe(server.apiKey)
    },
  },
  'proxy:regenerate-api-key': {
    args: async () => [],
    reached: (result) => {
      expect(server.core.revealApiKey()).not.toBe(server.apiKey)
      expect(result).toEqual(server.core.proxyStatus())
    },
  },
  'settings:get': {
    args: async () => [],
    reached: (result) => {
      expect(result).toEqual(server.core.getSettings())
    },
  },
  'settings:update': {
    args: async () => [{ theme: 'dark', start_proxy_at_launch: false }],
    reached: (result) => {
      expect(result).toMatchObject({ theme: 'dark', start_proxy_at_launch: false })
      expect(server.core.getSettings()).toEqual(result)
    },
  },
}

type AnyCase = {
  args(): Promise<unknown[]>
  reached(result: unknown, sent: { args: unknown[]; statuses: number[] }): Promise<void> | void
}
const caseOf = (name: HttpOperationName): AnyCase => cases[name] as unknown as AnyCase
const call = (target: HttpTarget, name: HttpOperationName, args: unknown[]): Promise<unknown> =>
  (callHttpOperation as (...all: unknown[]) => Promise<unknown>)(target, name, ...args)

/** The first of a few values that the argument's own schema refuses, if any is. */
const BAD_CANDIDATES: unknown[] = [' ', 42, 'x'.repeat(20_000)]
const badValueFor = ([, schema]: OperationArg): unknown =>
  BAD_CANDIDATES.find((value) => !checkArg(null, schema, value).ok)

describe('every admin API operation, through the web console transport', () => {
  it.each(httpOperationNames)('%s reaches its core operation', async (name) => {
    const target = await loggedInConsole()
    const args = await caseOf(name).args()
    target.statuses.length = 0
    const result = await call(target, name, args)
    await caseOf(name).reached(result, { args, statuses: target.statuses })
  })

  it('answers not_found for the URL of a sign-in that has ended', async () => {
    const target = await loggedInConsole()
    const flowId = await startFlow()
    await call(target, 'accounts:cancel-oauth', [flowId])
    expect(server.core.oauthUrl(flowId)).toBeNull()
    const gone = (await call(target, 'accounts:oauth-url', [flowId]).catch(
      (error: unknown) => error,
    )) as RendererApiError
    expect(gone).toBeInstanceOf(RendererApiError)
    expect(gone.code).toBe('not_found')
    expect(gone.message).toBe('This sign-in has already ended')
  })

  const allArguments = httpOperationNames.flatMap((name) =>
    (operations[name].args as readonly OperationArg[]).map(
      (arg, index) => [name, arg[0], index, badValueFor(arg)] as const,
    ),
  )
  const wrongArguments = allArguments.filter(([, , , bad]) => bad !== undefined)

  it('checks every argument but the import file, whose shape only the core knows', () => {
    const unchecked = allArguments.filter(([, , , bad]) => bad === undefined)
    expect(unchecked.map(([name, argName]) => `${name} ${argName}`)).toEqual([
      'accounts:import input',
    ])
  })

  /** What to send for one argument, and the field the answer must name. */
  const attemptsFor = (name: HttpOperationName, index: number, valid: unknown) => {
    const arg = operations[name].args[index] as OperationArg
    const [argName, schema] = arg
    if ((operations[name].http as { body?: string }).body !== argName) {
      return [{ field: argName, value: badValueFor(arg) }]
    }
    // The whole body: each of its fields in turn, named as the client sent it.
    const body = valid as Record<string, unknown>
    return Object.keys(body).map((field) => ({
      field,
      value: {
        ...body,
        [field]: BAD_CANDIDATES.find(
          (candidate) => !checkArg(null, schema, { ...body, [field]: candidate }).ok,
        ),
      },
    }))
  }

  it.each(wrongArguments)(
    '%s refuses a wrong %s with a 400 naming it',
    async (name, _argName, index) => {
      const target = await loggedInConsole()
      const valid = await caseOf(name).args()
      const attempts = attemptsFor(name, index, valid[index])
      expect(attempts.length).toBeGreaterThan(0)
      for (const { field, value } of attempts) {
        const args = [...valid]
        args[index] = value
        target.statuses.length = 0
        const error = (await call(target, name, args).catch(
          (caught: unknown) => caught,
        )) as RendererApiError
        expect(error, field).toBeInstanceOf(RendererApiError)
        expect(target.statuses, field).toEqual([400])
        expect(error.code).toBe('invalid_input')
        expect(error.message).toMatch(new RegExp(`^${field}: `))
      }
    },
  )

  it('refuses a setting the patch does not know, naming it', async () => {
    const target = await loggedInConsole()
    const error = (await call(target, 'settings:update', [{ api_key: 'sk-mine' }]).catch(
      (caught: unknown) => caught,
    )) as RendererApiError
    expect(error.code).toBe('invalid_input')
    expect(error.message).toContain('api_key')
    expect(server.core.revealApiKey()).toBe(server.apiKey)
  })
})
