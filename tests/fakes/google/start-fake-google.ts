import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createAuthorizationCodes } from './authorization-codes'
import { createCallLog } from './call-log'
import {
  createGenerateRoute,
  handleFetchAvailableModels,
  handleLoadCodeAssist,
} from './cloud-code-routes'
import type { FakeContext, RouteHandler } from './fake-context'
import { notFound, rpcError } from './google-errors'
import { createExchange } from './http-exchange'
import { createIdentityStore } from './identity-store'
import type { OpenStreams } from './open-streams'
import { createOpenStreams } from './open-streams'
import { handleApprove, handleAuthorize, handleToken, handleUserInfo } from './oauth-routes'
import { createRefreshFaults } from './refresh-faults'
import { createStreamHolds } from './stream-holds'
import type { FakeGoogle, FakeGoogleOptions } from './types'
import { loadWireFixtures } from './wire-fixtures'

const createRoutes = (streams: OpenStreams): Readonly<Record<string, RouteHandler>> => ({
  'GET /o/oauth2/v2/auth': handleAuthorize,
  'POST /o/oauth2/v2/approve': handleApprove,
  'POST /token': handleToken,
  'GET /oauth2/v2/userinfo': handleUserInfo,
  'POST /v1internal:loadCodeAssist': handleLoadCodeAssist,
  'POST /v1internal:fetchAvailableModels': handleFetchAvailableModels,
  'POST /v1internal:generateContent': createGenerateRoute('generateContent'),
  'POST /v1internal:streamGenerateContent': createGenerateRoute('streamGenerateContent', streams),
  'POST /v1internal:countTokens': createGenerateRoute('countTokens'),
})

/**
 * A stateful stand-in for accounts.google.com, oauth2.googleapis.com, the userinfo API and
 * Cloud Code's v1internal on one loopback port, speaking Google's wire formats.
 */
export async function startFakeGoogle(options: FakeGoogleOptions = {}): Promise<FakeGoogle> {
  const clientId = options.clientId ?? 'fake-client-id.apps.googleusercontent.com'
  const clientSecret = options.clientSecret ?? 'fake-client-secret'
  const identities = createIdentityStore()
  const calls = createCallLog()
  const holds = createStreamHolds()
  const shutdown = new AbortController()
  const streams = createOpenStreams()
  const routes = createRoutes(streams)
  const ctx: FakeContext = {
    clientId,
    clientSecret,
    identities,
    codes: createAuthorizationCodes(),
    faults: createRefreshFaults(),
    holds,
    fixtures: await loadWireFixtures(),
    settings: {
      consentMode: 'page',
      refreshDelayMs: 0,
      generateHandler: null,
      validationRequired: new Set(),
    },
  }

  let acceptedConnections = 0
  let cutNextReused = false
  const requestsServed = new WeakMap<Socket, number>()

  const server = http.createServer((req, res) => {
    const served = requestsServed.get(req.socket) ?? 0
    requestsServed.set(req.socket, served + 1)
    if (served > 0 && cutNextReused) {
      // What a server does that closed an idle keep-alive connection as the request arrived.
      cutNextReused = false
      req.socket.destroy()
      return
    }
    const ex = createExchange(req, res, calls, shutdown.signal)
    const route = routes[`${req.method ?? 'GET'} ${ex.url.pathname}`]
    if (!route) return ex.sendJson(404, notFound())
    route(ex, ctx).catch((error: unknown) => {
      // A client that went away mid-body, or the fake closing, is not an error worth a reply.
      if (ex.gone) return
      if (ex.headersSent) return ex.destroy()
      const message = error instanceof Error ? error.message : String(error)
      ex.sendJson(500, rpcError(500, 'INTERNAL', `fake-google: ${message}`))
    })
  })
  server.on('connection', () => acceptedConnections++)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  let closing: Promise<void> | null = null

  return {
    url: `http://127.0.0.1:${port}`,
    clientId,
    clientSecret,
    addUser(input) {
      const user = identities.addUser(input)
      return { refreshToken: identities.mintRefreshToken(user.email) }
    },
    mintRefreshToken: (email) => identities.mintRefreshToken(email),
    revokeRefreshToken: (refreshToken) => identities.revokeRefreshToken(refreshToken),
    expireAccessTokens: () => identities.expireAccessTokens(),
    setConsentUser: (email) => identities.setConsentUser(email),
    setConsentMode(mode) {
      ctx.settings.consentMode = mode
    },
    failRefresh: (fault) => ctx.faults.add(fault),
    setRefreshDelay(ms) {
      ctx.settings.refreshDelayMs = ms
    },
    setGenerateHandler(handler) {
      ctx.settings.generateHandler = handler
    },
    requireValidation(email, required = true) {
      if (required) ctx.settings.validationRequired.add(email)
      else ctx.settings.validationRequired.delete(email)
    },
    holdStreams: () => holds.hold(),
    acceptedConnections: () => acceptedConnections,
    cutNextReusedConnection() {
      cutNextReused = true
    },
    openStreams: () => streams.count,
    get calls() {
      return calls.all()
    },
    refreshCalls: (refreshToken) =>
      calls
        .all()
        .filter(
          (call) =>
            call.endpoint === 'token' &&
            call.grantType === 'refresh_token' &&
            call.refreshToken === refreshToken,
        ).length,
    callsTo: (endpoint) => calls.all().filter((call) => call.endpoint === endpoint),
    resetCalls: () => calls.reset(),
    userForAccessToken: (accessToken) => {
      const user = identities.userForAccessToken(accessToken)
      return user ? { ...user } : undefined
    },
    close() {
      closing ??= new Promise<void>((resolve) => {
        // Wake every delayed answer and held stream first, so nothing waits on a dead socket.
        shutdown.abort()
        holds.releaseAll()
        server.close(() => resolve())
        // Keep-alive sockets would otherwise hold close() open until they time out.
        server.closeAllConnections()
      })
      return closing
    },
  }
}
