// @vitest-environment jsdom
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { createHttpRendererApi } from '../../src/renderer/src/transport/http-renderer-api'
import { createWebSession } from '../../src/renderer/src/transport/web-session'
import { WebConsole } from '../../src/renderer/src/web/web-console'
import { RendererApiError } from '../../src/shared/ipc-contract'
import { listOf, makeAccount, makeSettings, makeStatus } from './helpers/fixtures'
import type { FakeResponse } from './helpers/fake-http'
import { createFakeFetch, FakeEventSource } from './helpers/fake-http'

const ADMIN_TOKEN = 'admin-token-that-must-not-stay'

describe('web session', () => {
  it('logs in with {admin_token}, checks and logs out over /api/session', async () => {
    const { fetch, requests } = createFakeFetch((method) =>
      method === 'DELETE' ? { status: 204 } : { body: { authenticated: true } },
    )
    const session = createWebSession({ baseUrl: '', fetch })
    await session.login(ADMIN_TOKEN)
    await expect(session.isLoggedIn()).resolves.toBe(true)
    await session.logout()
    expect(requests.map((request) => [request.method, request.url, request.body])).toEqual([
      ['POST', '/api/session', { admin_token: ADMIN_TOKEN }],
      ['GET', '/api/session', undefined],
      ['DELETE', '/api/session', undefined],
    ])
  })

  it('rejects a wrong token with the server message', async () => {
    const { fetch } = createFakeFetch(() => ({
      status: 401,
      body: {
        error: {
          code: 'unauthorized',
          message: 'That is not the admin token (proxy.admin_token in settings.json)',
        },
      },
    }))
    const error = (await createWebSession({ baseUrl: '', fetch })
      .login('nope')
      .catch((caught: unknown) => caught)) as RendererApiError
    expect(error).toBeInstanceOf(RendererApiError)
    expect(error.code).toBe('unauthorized')
  })
})

/** A small admin API: a session flag, and the answers the app asks for at start. */
function fakeServer() {
  const state = { loggedIn: false, expired: false }
  const answer = (method: string, url: string): FakeResponse => {
    if (url === '/api/session' && method === 'GET')
      return { body: { authenticated: state.loggedIn } }
    if (url === '/api/session' && method === 'POST') {
      state.loggedIn = true
      return { body: { authenticated: true } }
    }
    if (url === '/api/session' && method === 'DELETE') {
      state.loggedIn = false
      return { status: 204 }
    }
    if (!state.loggedIn || state.expired) {
      return { status: 401, body: { error: { code: 'unauthorized', message: 'Log in first' } } }
    }
    if (url === '/api/accounts') return { body: listOf(makeAccount()) }
    if (url === '/api/proxy') return { body: makeStatus() }
    if (url === '/api/settings') return { body: makeSettings() }
    if (url === '/api/accounts/acc-1/proxy-disabled') {
      return { status: 401, body: { error: { code: 'unauthorized', message: 'Log in first' } } }
    }
    return { status: 404, body: { error: { code: 'not_found', message: 'No such endpoint' } } }
  }
  const http = createFakeFetch(answer)
  const sources: FakeEventSource[] = []
  const session = createWebSession({ baseUrl: '', fetch: http.fetch })
  const createApi = vi.fn((onUnauthorized: () => void) =>
    createHttpRendererApi({
      baseUrl: '',
      fetch: http.fetch,
      createEventSource: (url) => {
        const source = new FakeEventSource(url)
        sources.push(source)
        return source
      },
      onUnauthorized,
    }),
  )
  return { state, session, createApi, requests: http.requests, sources }
}

async function logIn(): Promise<void> {
  const input = await screen.findByLabelText('Admin token')
  fireEvent.change(input, { target: { value: ADMIN_TOKEN } })
  fireEvent.click(screen.getByRole('button', { name: 'Log in' }))
}

describe('web console', () => {
  it('asks for the admin token, says where it is, then shows the app', async () => {
    const server = fakeServer()
    render(<WebConsole session={server.session} createApi={server.createApi} />)
    const input = await screen.findByLabelText('Admin token')
    expect((input as HTMLInputElement).type).toBe('password')
    const help = document.getElementById(input.getAttribute('aria-describedby') ?? '')
    expect(help?.textContent).toContain('proxy.admin_token in settings.json')
    expect(help?.textContent).toContain('AGTRAY_ADMIN_TOKEN the server was started with')

    await logIn()
    expect(await screen.findByRole('listitem', { name: 'ada@example.com' })).toBeTruthy()
    expect(server.sources.map((source) => source.url)).toEqual(['/api/events'])
    expect(document.body.innerHTML).not.toContain(ADMIN_TOKEN)
  })

  it('shows the server message for a wrong token', async () => {
    const session = {
      isLoggedIn: async () => false,
      login: async () => {
        throw new RendererApiError(
          'unauthorized',
          'That is not the admin token (proxy.admin_token in settings.json)',
        )
      },
      logout: async () => {},
    }
    render(<WebConsole session={session} createApi={vi.fn()} />)
    await logIn()
    expect((await screen.findByRole('alert')).textContent).toBe(
      'That is not the admin token (proxy.admin_token in settings.json)',
    )
  })

  it('goes straight to the app with a live session', async () => {
    const server = fakeServer()
    server.state.loggedIn = true
    render(<WebConsole session={server.session} createApi={server.createApi} />)
    expect(await screen.findByRole('listitem', { name: 'ada@example.com' })).toBeTruthy()
    expect(screen.queryByLabelText('Admin token')).toBeNull()
  })

  it('returns to the login form when a call answers unauthorized', async () => {
    const server = fakeServer()
    render(<WebConsole session={server.session} createApi={server.createApi} />)
    await logIn()
    const row = await screen.findByRole('listitem', { name: 'ada@example.com' })
    fireEvent.click(within(row).getByRole('button', { name: 'Disable for proxy' }))
    fireEvent.click(screen.getByRole('button', { name: 'Disable' }))

    expect(await screen.findByLabelText('Admin token')).toBeTruthy()
    expect(screen.getByRole('status').textContent).toBe('Your session has ended. Log in again.')
    expect(server.sources[0]?.closed).toBe(true)

    await logIn()
    expect(await screen.findByRole('listitem', { name: 'ada@example.com' })).toBeTruthy()
    expect(server.createApi).toHaveBeenCalledTimes(2)
  })

  it('logs out', async () => {
    const server = fakeServer()
    server.state.loggedIn = true
    render(<WebConsole session={server.session} createApi={server.createApi} />)
    await screen.findByRole('listitem', { name: 'ada@example.com' })
    fireEvent.click(screen.getByRole('button', { name: 'Log out' }))
    expect(await screen.findByLabelText('Admin token')).toBeTruthy()
    expect(screen.getByRole('status').textContent).toBe('You are logged out.')
    await waitFor(() => expect(server.state.loggedIn).toBe(false))
  })
})
