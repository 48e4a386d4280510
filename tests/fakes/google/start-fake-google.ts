import http from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import { createAuthorizationCodes } from './authorization-codes'
import { createCallLog } from './call-log'
import {
  begin,
  createGenerateRoute,
  handleFetchAvailableModels,
  handleLoadCodeAssist,
} from './cloud-code-routes'
import { handleGetOperation, handleOnboardUser, toOnboardingState } from './onboarding-routes'
import type { FakeContext, RouteHandler } from './fake-context'
import { notFound, rpcError } from './google-errors'
import { createExchange } from './http-exchange'
import { createIdentityStore } from './identity-store'
import type { OpenStreams } from './open-streams'
import { createOpenStreams } from './open-streams'
import { handleApprove, handleAuthorize, handleToken, handleUserInfo } from './oauth-routes'
import { createModelQuotas } from './model-quotas'
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
  'POST /v1internal:onboardUser': handleOnboardUser((ex, ctx, call) => begin(ex, ctx, call, {})),
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
  const getOperation = handleGetOperation((ex, ctx, call) => begin(ex, ctx, call, {}))
  const ctx: FakeContext = {
    clientId,
    clientSecret,
    identities,
    codes: createAuthorizationCodes(),
    faults: createRefreshFaults(),
    holds,
    fixtures: await loadWireFixtures(),
    onboarding: new Map(),
    quotas: createModelQuotas(),
    settings: {
      consentMode: 'page',
      refreshDelayMs: 0,
      generateHandler: null,
      validationRequired: new Set(),
      minimumClientVersion: null,
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
    // Operations are addressed by name under v1internal/ (`GET v1internal/operations/<id>`).
    const route = ex.url.pathname.startsWith('/v1internal/operations/')
      ? req.method === 'GET'
        ? getOperation
        : undefined
      : routes[`${req.method ?? 'GET'} ${ex.url.pathname}`]
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
    addUser({ onboarding, ...input }) {
      const user = identities.addUser(input)
      if (onboarding) ctx.onboarding.set(user.email, toOnboardingState(onboarding))
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
    setOnboarding(email, onboarding) {
      if (!identities.user(email)) throw new Error(`fake-google: no user ${email}`)
      if (onboarding) ctx.onboarding.set(email, toOnboardingState(onboarding))
      else ctx.onboarding.delete(email)
    },
    requireClientVersion(minimum) {
      ctx.settings.minimumClientVersion = minimum
    },
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
    setQuota: (email, model, quota) => ctx.quotas.set(email, model, quota),
    exhaustQuota(email, model) {
      const resetTime = ctx.quotas.get(email, model)?.resetTime
      ctx.quotas.set(email, model, { remainingFraction: 0, ...(resetTime ? { resetTime } : {}) })
    },
    quotaOf: (email, model) => ctx.quotas.get(email, model),
    forbidQuotaCheck: (email, message = 'The caller does not have permission') =>
      ctx.quotas.setForbidden(email, message),
    failQuotaCheck: (email, status) => ctx.quotas.setFailure(email, status),
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
