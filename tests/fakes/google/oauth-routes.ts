import type { AuthRequest } from './auth-request'
import { checkAuthRequest } from './auth-request'
import { renderAuthErrorPage, renderConsentPage } from './consent-page'
import type { FakeContext, RouteHandler } from './fake-context'
import { authenticate } from './bearer-auth'
import { oauthError } from './google-errors'
import type { Exchange } from './http-exchange'
import { isFormBody, isRecord, parseJson, sleep } from './http-exchange'
import type { FakeUser } from './types'
import { createIdToken } from './unsigned-jwt'
import { userInfoBody } from './user-profile'

const withParams = (uri: string, params: Record<string, string>): string => {
  const url = new URL(uri)
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value)
  return url.toString()
}

function redirectWithCode(ex: Exchange, ctx: FakeContext, request: AuthRequest, user: FakeUser) {
  const code = ctx.codes.issue({
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    email: user.email,
    scope: request.scope,
    codeChallenge: request.codeChallenge,
  })
  ex.redirect(withParams(request.redirectUri, { state: request.state, code, scope: request.scope }))
}

/** GET /o/oauth2/v2/auth */
export const handleAuthorize: RouteHandler = async (ex, ctx) => {
  const call = ex.record('auth')
  call.body = Object.fromEntries(ex.url.searchParams)
  const check = checkAuthRequest(ex.url.searchParams, ctx.clientId)
  if (!check.ok) return ex.sendHtml(400, renderAuthErrorPage(check.error, check.description))
  const user = ctx.identities.consentUser()
  if (!user) {
    return ex.sendHtml(400, renderAuthErrorPage('access_denied', 'fake-google has no users yet'))
  }
  call.email = user.email
  if (ctx.settings.consentMode === 'auto') return redirectWithCode(ex, ctx, check.request, user)
  ex.sendHtml(200, renderConsentPage(check.request, user.email))
}

/** POST /o/oauth2/v2/approve: the consent page's form (Allow or Cancel). */
export const handleApprove: RouteHandler = async (ex, ctx) => {
  const call = ex.record('auth')
  const raw = await ex.readBody()
  if (!isFormBody(ex.req)) {
    return ex.sendHtml(400, renderAuthErrorPage('invalid_request', 'Expected a form post'))
  }
  const form = new URLSearchParams(raw.toString('utf8'))
  call.body = Object.fromEntries(form)
  const check = checkAuthRequest(form, ctx.clientId)
  if (!check.ok) return ex.sendHtml(400, renderAuthErrorPage(check.error, check.description))
  // The page says who signs in; approving gives exactly that user even if the default changed.
  const user = ctx.identities.user(form.get('login') ?? '')
  if (!user) return ex.sendHtml(400, renderAuthErrorPage('access_denied', 'Unknown account'))
  call.email = user.email
  const decision = form.get('decision')
  if (decision === 'deny') {
    return ex.redirect(
      withParams(check.request.redirectUri, { error: 'access_denied', state: check.request.state }),
    )
  }
  if (decision !== 'allow') {
    return ex.sendHtml(400, renderAuthErrorPage('invalid_request', 'Unknown decision'))
  }
  redirectWithCode(ex, ctx, check.request, user)
}

/** Client credentials come in the form (client_secret_post) or as HTTP Basic; both are legal. */
function clientCredentials(ex: Exchange, form: URLSearchParams): { id: string; secret: string } {
  const basic = /^Basic\s+(\S+)$/i.exec(ex.req.headers.authorization ?? '')
  if (basic?.[1]) {
    const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon >= 0) {
      return {
        id: decodeURIComponent(decoded.slice(0, colon)),
        secret: decodeURIComponent(decoded.slice(colon + 1)),
      }
    }
  }
  return { id: form.get('client_id') ?? '', secret: form.get('client_secret') ?? '' }
}

/** POST /token */
export const handleToken: RouteHandler = async (ex, ctx) => {
  const call = ex.record('token')
  const raw = await ex.readBody()
  const isForm = isFormBody(ex.req)
  const form = new URLSearchParams(isForm ? raw.toString('utf8') : '')
  // Record what was asked before any wait, so refreshCalls counts requests still in flight.
  const json = isForm ? null : parseJson(raw)
  const fields: Record<string, unknown> = isForm
    ? Object.fromEntries(form)
    : json?.ok && isRecord(json.value)
      ? json.value
      : {}
  call.body = isForm ? fields : json?.ok ? json.value : raw.toString('utf8')
  const grantType = typeof fields.grant_type === 'string' ? fields.grant_type : undefined
  const refreshToken = typeof fields.refresh_token === 'string' ? fields.refresh_token : undefined
  if (grantType) call.grantType = grantType
  if (refreshToken) call.refreshToken = refreshToken
  const known = refreshToken ? ctx.identities.refreshGrant(refreshToken) : undefined
  if (known) call.email = known.user.email

  const fault = grantType === 'refresh_token' ? ctx.faults.take(refreshToken) : undefined
  await sleep(ctx.settings.refreshDelayMs + (fault?.delayMs ?? 0), ex.signal)
  if (fault) return ex.sendJson(fault.status, fault.body)

  if (!isForm) {
    return ex.sendJson(
      400,
      oauthError(
        'invalid_request',
        'Invalid Content-Type: expected application/x-www-form-urlencoded',
      ),
    )
  }
  const client = clientCredentials(ex, form)
  if (!client.id) {
    return ex.sendJson(
      400,
      oauthError('invalid_request', 'Could not determine client ID from request.'),
    )
  }
  if (client.id !== ctx.clientId || client.secret !== ctx.clientSecret) {
    return ex.sendJson(401, oauthError('invalid_client', 'The OAuth client was not found.'))
  }

  if (grantType === 'refresh_token') {
    if (!refreshToken) {
      return ex.sendJson(
        400,
        oauthError('invalid_request', 'Missing required parameter: refresh_token'),
      )
    }
    // Looked up again: the token may have been revoked while this answer was delayed.
    const grant = ctx.identities.refreshGrant(refreshToken)
    if (!grant) {
      return ex.sendJson(400, oauthError('invalid_grant', 'Token has been expired or revoked.'))
    }
    return ex.sendJson(200, tokenResponse(ctx, grant.user, grant.scope, null))
  }

  if (grantType === 'authorization_code') {
    const code = form.get('code')
    if (!code) {
      return ex.sendJson(400, oauthError('invalid_request', 'Missing required parameter: code'))
    }
    const redeemed = ctx.codes.redeem({
      code,
      clientId: client.id,
      redirectUri: form.get('redirect_uri'),
      codeVerifier: form.get('code_verifier'),
    })
    if (!redeemed.ok) return ex.sendJson(redeemed.status, redeemed.body)
    const { email, scope } = redeemed.grant
    call.email = email
    const user = ctx.identities.user(email)
    if (!user) return ex.sendJson(400, oauthError('invalid_grant', 'Bad Request'))
    const newRefreshToken = ctx.identities.mintRefreshToken(email, scope)
    return ex.sendJson(200, tokenResponse(ctx, user, scope, newRefreshToken))
  }

  return ex.sendJson(
    400,
    oauthError('unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`),
  )
}

function tokenResponse(
  ctx: FakeContext,
  user: FakeUser,
  scope: string,
  refreshToken: string | null,
): Record<string, unknown> {
  const { accessToken, expiresIn } = ctx.identities.issueAccessToken(user.email)
  return {
    access_token: accessToken,
    expires_in: expiresIn,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
    scope,
    token_type: 'Bearer',
    id_token: createIdToken(user, ctx.clientId, Date.now()),
  }
}

/** GET /oauth2/v2/userinfo */
export const handleUserInfo: RouteHandler = async (ex, ctx) => {
  const call = ex.record('userinfo')
  const user = authenticate(ex, ctx)
  if (!user) return
  call.email = user.email
  ex.sendJson(200, userInfoBody(user))
}
