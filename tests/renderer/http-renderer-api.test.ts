// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { IpcCallChannel } from '../../src/shared/ipc-contract'
import type { OperationArg } from '../../src/shared/operation-contract'
import { httpRequestFor } from '../../src/shared/operation-http'
import type { HttpOperationName } from '../../src/shared/operations'
import { isHttpOperation, operations } from '../../src/shared/operations'
import { ipcCallChannels, RendererApiError } from '../../src/shared/ipc-contract'
import type { RendererApi } from '../../src/shared/ipc-contract'
import {
  createHttpRendererApi,
  WEB_EXPORT_REFUSAL,
} from '../../src/renderer/src/transport/http-renderer-api'
import { changedEvent, listOf, makeAccount, makeStatus } from './helpers/fixtures'
import type { FakeResponse } from './helpers/fake-http'
import { createFakeFetch, FakeEventSource } from './helpers/fake-http'

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

function setUp(answer?: (method: string, url: string) => FakeResponse) {
  const http = createFakeFetch(answer)
  const sources: FakeEventSource[] = []
  const openWindow = vi.fn()
  const onUnauthorized = vi.fn()
  const api = createHttpRendererApi({
    baseUrl: 'http://agtray.test',
    fetch: http.fetch,
    createEventSource: (url) => {
      const source = new FakeEventSource(url)
      sources.push(source)
      return source
    },
    openWindow,
    onUnauthorized,
    reconnectDelayMs: 1000,
  })
  return { api, requests: http.requests, sources, openWindow, onUnauthorized }
}

/** Arguments for each call; the fake server does not check them, the request is what counts. */
const sampleArgs = (channel: IpcCallChannel): unknown[] =>
  (operations[channel].args as readonly OperationArg[]).map(([name]) =>
    name === 'patch' ? { theme: 'dark' } : name === 'proxy_disabled' ? true : `${name}/1`,
  )

const callAny = (api: RendererApi, channel: IpcCallChannel, args: unknown[]): Promise<unknown> =>
  (api.call as (channel: IpcCallChannel, ...args: unknown[]) => Promise<unknown>)(channel, ...args)

const httpChannels = ipcCallChannels.filter(
  (channel): channel is IpcCallChannel & HttpOperationName => isHttpOperation(channel),
)

describe('HTTP RendererApi: calls', () => {
  it('covers every channel but export, over the admin API or in a new tab', () => {
    expect(ipcCallChannels.filter((channel) => !isHttpOperation(channel)).sort()).toEqual([
      'accounts:export',
      'accounts:open-oauth-in-browser',
    ])
  })

  it.each(httpChannels)(
    '%s -> its route, method and body, and the CSRF header only when not GET',
    async (channel) => {
      const { api, requests } = setUp(() => ({
        body: { api_key: 'k', auth_url: 'https://accounts.google.com/x', flow_id: 'flow-1' },
      }))
      const args = sampleArgs(channel)
      await callAny(api, channel, args)
      const { method, path, body } = httpRequestFor(channel, args as never)
      expect(requests).toHaveLength(1)
      const [request] = requests
      expect(request?.method).toBe(method)
      expect(request?.url).toBe(`http://agtray.test${path}`)
      expect(request?.body).toEqual(body)
      expect(request?.credentials).toBe('same-origin')
      expect(request?.headers['x-agtray-csrf']).toBe(method === 'GET' ? undefined : '1')
      expect(request?.headers['content-type']).toBe(
        body === undefined ? undefined : 'application/json',
      )
    },
  )

  type Case = [
    channel: IpcCallChannel,
    args: unknown[],
    method: string,
    path: string,
    body: unknown,
  ]
  const examples: Case[] = [
    ['accounts:remove', ['acc/1'], 'DELETE', '/api/accounts/acc%2F1', undefined],
    [
      'accounts:set-proxy-disabled',
      ['acc-1', true, 'quota'],
      'POST',
      '/api/accounts/acc-1/proxy-disabled',
      { proxy_disabled: true, reason: 'quota' },
    ],
    ['accounts:start-oauth', ['acc-1'], 'POST', '/api/oauth/start', { account_id: 'acc-1' }],
    ['accounts:cancel-oauth', ['flow-1'], 'POST', '/api/oauth/flow-1/cancel', undefined],
    ['accounts:open-oauth-in-browser', ['flow-1'], 'GET', '/api/oauth/flow-1', undefined],
    ['proxy:set-enabled', [false], 'POST', '/api/proxy', { enabled: false }],
    ['settings:update', [{ theme: 'dark' }], 'PATCH', '/api/settings', { theme: 'dark' }],
  ]

  it.each(examples)('%s %j -> %s %s %j', async (channel, args, method, path, body) => {
    const { api, requests } = setUp(() => ({
      body: { api_key: 'k', auth_url: 'https://accounts.google.com/x', flow_id: 'flow-1' },
    }))
    await callAny(api, channel, args)
    expect(requests.map(({ method, url, body }) => ({ method, url, body }))).toEqual([
      { method, url: `http://agtray.test${path}`, body },
    ])
  })

  it('returns the parsed body, and null for 204', async () => {
    const list = listOf(makeAccount())
    const { api } = setUp((method) => (method === 'DELETE' ? { status: 204 } : { body: list }))
    await expect(api.call('accounts:list')).resolves.toEqual(list)
    await expect(api.call('accounts:remove', 'acc-1')).resolves.toBeNull()
  })

  it('answers the API key itself, from {api_key}', async () => {
    const { api } = setUp(() => ({ body: { api_key: 'sk-secret' } }))
    await expect(api.call('proxy:reveal-api-key')).resolves.toBe('sk-secret')
  })

  it('opens Google in a new tab when a sign-in starts, and again on request', async () => {
    const url = 'https://accounts.google.com/o/oauth2/auth?state=s'
    const { api, openWindow } = setUp(() => ({ body: { flow_id: 'flow-1', auth_url: url } }))
    await expect(api.call('accounts:start-oauth', null)).resolves.toEqual({
      flow_id: 'flow-1',
      auth_url: url,
    })
    expect(openWindow).toHaveBeenCalledWith(url)
    await expect(api.call('accounts:open-oauth-in-browser', 'flow-1')).resolves.toBeNull()
    expect(openWindow).toHaveBeenCalledTimes(2)
  })

  it('opens the tab with window.open(url, _blank, noopener) by default', async () => {
    const open = vi.spyOn(window, 'open').mockReturnValue(null)
    const http = createFakeFetch(() => ({ body: { auth_url: 'https://accounts.google.com/y' } }))
    const api = createHttpRendererApi({
      baseUrl: '',
      fetch: http.fetch,
      createEventSource: (url) => new FakeEventSource(url),
    })
    await api.call('accounts:open-oauth-in-browser', 'flow-2')
    expect(http.requests[0]?.url).toBe('/api/oauth/flow-2')
    expect(open).toHaveBeenCalledWith('https://accounts.google.com/y', '_blank', 'noopener')
  })

  it('refuses export without a request, saying what to run instead', async () => {
    const { api, requests } = setUp()
    const error = (await api
      .call('accounts:export')
      .catch((caught: unknown) => caught)) as RendererApiError
    expect(error).toBeInstanceOf(RendererApiError)
    expect(error.code).toBe('invalid_input')
    expect(error.message).toBe(WEB_EXPORT_REFUSAL)
    expect(error.message).toBe(
      'For safety the web console does not send refresh tokens over the network: run `agtray accounts export` on the server.',
    )
    expect(requests).toEqual([])
  })
})

describe('HTTP RendererApi: errors', () => {
  it('turns an error body into a RendererApiError with its code and message', async () => {
    const { api, onUnauthorized } = setUp(() => ({
      status: 409,
      body: {
        error: { code: 'account_file_unreadable', message: 'accounts/x.json does not parse' },
      },
    }))
    const error = (await api
      .call('accounts:remove', 'x')
      .catch((caught: unknown) => caught)) as RendererApiError
    expect(error).toBeInstanceOf(RendererApiError)
    expect(error.code).toBe('account_file_unreadable')
    expect(error.message).toBe('accounts/x.json does not parse')
    expect(onUnauthorized).not.toHaveBeenCalled()
  })

  it('makes any 401 "unauthorized" and tells the console', async () => {
    const { api, onUnauthorized } = setUp(() => ({
      status: 401,
      body: { error: { code: 'internal', message: 'The admin API needs a session' } },
    }))
    const error = (await api
      .call('settings:get')
      .catch((caught: unknown) => caught)) as RendererApiError
    expect(error.code).toBe('unauthorized')
    expect(error.message).toBe('The admin API needs a session')
    expect(onUnauthorized).toHaveBeenCalledTimes(1)
  })

  it('derives the code from the status when the body is not the error shape', async () => {
    const { api } = setUp(() => ({ status: 502, body: 'Bad gateway' }))
    const error = (await api
      .call('proxy:status')
      .catch((caught: unknown) => caught)) as RendererApiError
    expect(error.code).toBe('google_unavailable')
    expect(error.message).toBe('The server answered HTTP 502')
  })

  it('says the server cannot be reached when fetch fails', async () => {
    const api = createHttpRendererApi({
      baseUrl: '',
      fetch: async () => {
        throw new TypeError('Failed to fetch')
      },
      createEventSource: (url) => new FakeEventSource(url),
    })
    const error = (await api
      .call('accounts:list')
      .catch((caught: unknown) => caught)) as RendererApiError
    expect(error.code).toBe('internal')
    expect(error.message).toBe(
      'Cannot reach the agtray server. Check that `agtray serve` is still running, then reload this page.',
    )
  })
})

describe('HTTP RendererApi: events', () => {
  it('opens one EventSource on /api/events for all listeners, and closes it with the last', () => {
    const { api, sources } = setUp()
    const stopAccounts = api.on('accounts:changed', () => {})
    const stopProxy = api.on('proxy:status-changed', () => {})
    expect(sources.map((source) => source.url)).toEqual(['http://agtray.test/api/events'])
    stopAccounts()
    expect(sources[0]?.closed).toBe(false)
    stopProxy()
    expect(sources[0]?.closed).toBe(true)
  })

  it('maps the SSE event names to the IPC names', () => {
    const { api, sources } = setUp()
    const accounts = vi.fn()
    const proxy = vi.fn()
    const oauth = vi.fn()
    api.on('accounts:changed', accounts)
    api.on('proxy:status-changed', proxy)
    api.on('oauth:finished', oauth)
    const source = sources[0]!
    const changed = changedEvent([makeAccount()], 'proxy-toggled')
    const status = makeStatus({ enabled: false })
    const finished = {
      flow_id: 'f',
      ok: false,
      account: null,
      created: false,
      reenabled: false,
      message: 'cancelled',
    }
    source.send('accounts-changed', changed)
    source.send('proxy-status-changed', status)
    source.send('oauth-finished', finished)
    expect(accounts.mock.calls).toEqual([[changed]])
    expect(proxy.mock.calls).toEqual([[status]])
    expect(oauth.mock.calls).toEqual([[finished]])
  })

  it('primes the stores from the ready event', () => {
    const { api, sources } = setUp()
    const accounts = vi.fn()
    const proxy = vi.fn()
    api.on('accounts:changed', accounts)
    api.on('proxy:status-changed', proxy)
    const list = {
      accounts: [makeAccount()],
      unreadable: [{ id: 'bad', file: 'accounts/bad.json', error: 'not JSON' }],
    }
    const status = makeStatus()
    sources[0]!.send('ready', { accounts: list, proxy: status })
    expect(accounts.mock.calls).toEqual([[{ ...list, reason: 'reloaded', account_id: null }]])
    expect(proxy.mock.calls).toEqual([[status]])
  })

  it('sends the console to the login when the stream closes and the session is gone', async () => {
    const { api, sources, onUnauthorized, requests } = setUp(() => ({
      body: { authenticated: false },
    }))
    api.on('accounts:changed', () => {})
    sources[0]!.fail(false)
    expect(requests).toEqual([])
    sources[0]!.fail(true)
    await vi.waitFor(() => expect(onUnauthorized).toHaveBeenCalledTimes(1))
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET http://agtray.test/api/session',
    ])
    expect(sources).toHaveLength(1)
  })

  it('reconnects after a delay when the stream closes but the session lives', async () => {
    vi.useFakeTimers()
    const { api, sources, onUnauthorized } = setUp(() => ({ body: { authenticated: true } }))
    api.on('accounts:changed', () => {})
    sources[0]!.fail(true)
    await vi.advanceTimersByTimeAsync(999)
    expect(sources).toHaveLength(1)
    await vi.advanceTimersByTimeAsync(1)
    expect(sources).toHaveLength(2)
    expect(onUnauthorized).not.toHaveBeenCalled()
  })
})
