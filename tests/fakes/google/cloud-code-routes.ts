import { checkEnvelope } from './envelope-validation'
import type { HistoryContent } from './history-validation'
import { checkHistory } from './history-validation'
import type { FakeContext, RouteHandler } from './fake-context'
import { invalidArgument, notFound, projectPermissionDenied, rpcError } from './google-errors'
import { availableModelsFor } from './model-quotas'
import { isKnownModel } from './known-models'
import { defaultChunks, mergeChunks, promptText, roughTokens, sseEvent } from './generate-replies'
import type { Exchange } from './http-exchange'
import { isRecord, parseJson, sleep } from './http-exchange'
import { authenticate } from './bearer-auth'
import { clientVersionRefusal } from './client-version-gate'
import { notOnboardedAnswer } from './onboarding-routes'
import type { OpenStreams } from './open-streams'
import { newTraceId } from './random-ids'
import { toolDeclarationError } from './tool-schema-validation'
import type { FakeCall, FakeUser, GenerateReply } from './types'

type CloudCodeMethod = 'generateContent' | 'streamGenerateContent' | 'countTokens'

const traceHeaders = (traceId: string): Record<string, string> => ({
  'x-cloudaicompanion-trace-id': traceId,
})

const badJson = () => invalidArgument('Invalid JSON payload received. Unexpected token.')

/**
 * The shared start of every v1internal call: read and record the body, then authenticate like
 * Google (a bad token is a 401 whatever the body). Null once an error answer went out.
 */
export async function begin(
  ex: Exchange,
  ctx: FakeContext,
  call: FakeCall,
  errorHeaders: Record<string, string>,
): Promise<{ user: FakeUser; body: unknown; validJson: boolean } | null> {
  const raw = await ex.readBody()
  const parsed = raw.length === 0 ? { ok: true as const, value: {} } : parseJson(raw)
  if (parsed.ok) {
    call.body = parsed.value
    if (isRecord(parsed.value) && typeof parsed.value.model === 'string') {
      call.model = parsed.value.model
    }
  } else {
    call.body = raw.toString('utf8')
  }
  const user = authenticate(ex, ctx, errorHeaders)
  if (!user) return null
  call.email = user.email
  const refusal = clientVersionRefusal(
    ctx.settings.minimumClientVersion,
    ex.req.headers['user-agent'],
  )
  if (refusal) {
    ex.sendJson(400, refusal, errorHeaders)
    return null
  }
  return { user, body: parsed.ok ? parsed.value : undefined, validJson: parsed.ok }
}

/** POST /v1internal:loadCodeAssist */
export const handleLoadCodeAssist: RouteHandler = async (ex, ctx) => {
  const call = ex.record('loadCodeAssist')
  const traceId = newTraceId()
  const started = await begin(ex, ctx, call, traceHeaders(traceId))
  if (!started) return
  if (!started.validJson || !isRecord(started.body)) {
    return ex.sendJson(400, badJson(), traceHeaders(traceId))
  }
  const onboarding = ctx.onboarding.get(started.user.email)
  if (onboarding) {
    return ex.sendJson(
      200,
      notOnboardedAnswer(onboarding, ctx.fixtures.loadCodeAssist),
      traceHeaders(traceId),
    )
  }
  ex.sendJson(
    200,
    { ...ctx.fixtures.loadCodeAssist, cloudaicompanionProject: started.user.projectId },
    traceHeaders(traceId),
  )
}

/** POST /v1internal:fetchAvailableModels */
export const handleFetchAvailableModels: RouteHandler = async (ex, ctx) => {
  const call = ex.record('fetchAvailableModels')
  const traceId = newTraceId()
  const started = await begin(ex, ctx, call, traceHeaders(traceId))
  if (!started) return
  if (!started.validJson || !isRecord(started.body)) {
    return ex.sendJson(400, badJson(), traceHeaders(traceId))
  }
  const { project } = started.body
  if (typeof project === 'string' && project !== '' && project !== started.user.projectId) {
    return ex.sendJson(403, projectPermissionDenied(project), traceHeaders(traceId))
  }
  const { email } = started.user
  // An account Google wants verified is refused everywhere, its quota check included.
  if (ctx.settings.validationRequired.has(email))
    return ex.sendJson(403, ctx.fixtures.validationRequired, traceHeaders(traceId))
  const forbidden = ctx.quotas.forbidden(email)
  if (forbidden !== undefined) {
    return ex.sendJson(403, rpcError(403, 'PERMISSION_DENIED', forbidden), traceHeaders(traceId))
  }
  const failure = ctx.quotas.failure(email)
  if (failure !== undefined) {
    return ex.sendJson(
      failure,
      rpcError(
        failure,
        failure === 503 ? 'UNAVAILABLE' : 'INTERNAL',
        'The service is currently unavailable.',
      ),
      traceHeaders(traceId),
    )
  }
  ex.sendJson(
    200,
    availableModelsFor(ctx.fixtures.fetchAvailableModels, ctx.quotas.of(email)),
    traceHeaders(traceId),
  )
}

/** POST /v1internal:generateContent, :streamGenerateContent?alt=sse and :countTokens */
export function createGenerateRoute(method: CloudCodeMethod, streams?: OpenStreams): RouteHandler {
  const stream = method === 'streamGenerateContent'
  return async (ex, ctx) => {
    const call = ex.record(method)
    const traceId = newTraceId()
    // Google answers errors of the streaming method as event-stream, yet as one plain JSON body.
    const errorHeaders = stream
      ? { ...traceHeaders(traceId), 'content-type': 'text/event-stream' }
      : traceHeaders(traceId)
    const fail = (status: number, body: unknown, headers: Record<string, string> = {}): void =>
      ex.sendJson(status, body, { ...errorHeaders, ...headers })

    const started = await begin(ex, ctx, call, errorHeaders)
    if (!started) return
    if (!started.validJson) return fail(400, badJson())
    if (stream && ex.url.searchParams.get('alt') !== 'sse') {
      return fail(
        400,
        invalidArgument('fake-google serves streamGenerateContent only with alt=sse'),
      )
    }
    if (method === 'countTokens') {
      // Like gemini-cli's Code Assist client: {request: {model: "models/<id>", contents}}, no project.
      const request = isRecord(started.body) ? started.body.request : undefined
      if (
        !isRecord(request) ||
        !Array.isArray(request.contents) ||
        typeof request.model !== 'string'
      ) {
        return fail(400, invalidArgument('* CountTokensRequest.model and contents are required\n'))
      }
      call.model = request.model.replace(/^models\//, '')
      if (!isKnownModel(call.model)) return fail(404, notFound())
      return ex.sendJson(
        200,
        { totalTokens: roughTokens(promptText(request)) },
        traceHeaders(traceId),
      )
    }
    const check = checkEnvelope(started.body, started.user)
    if (!check.ok) return fail(check.status, check.body)
    const { envelope } = check
    const { user } = started
    // The account, not the request: Google asks before it looks at what was asked.
    if (ctx.settings.validationRequired.has(user.email))
      return fail(403, ctx.fixtures.validationRequired)
    if (!isKnownModel(envelope.model)) return fail(404, notFound())

    // Google refuses these before any model runs, so a scripted handler never sees them either.
    const refusal =
      toolDeclarationError(envelope.request) ??
      checkHistory(envelope.model, envelope.request.contents as HistoryContent[])
    if (refusal) return fail(400, refusal)
    // A used-up quota is refused before any model runs; a served request spends its cost.
    const exhausted = ctx.quotas.refusal(user.email, envelope.model)
    if (exhausted) return fail(429, exhausted)
    ctx.quotas.spend(user.email, envelope.model)

    const handler = ctx.settings.generateHandler
    const reply: GenerateReply = handler
      ? await handler({
          user: { ...user },
          model: envelope.model,
          request: envelope.request,
          envelope,
          stream,
        })
      : {
          kind: 'chunks',
          chunks: defaultChunks({ user, model: envelope.model, request: envelope.request }),
        }
    if (reply.kind === 'error') return fail(reply.status, reply.body, reply.headers)
    if (reply.kind === 'raw')
      return ex.send(reply.status, reply.body, { ...traceHeaders(traceId), ...reply.headers })
    if (!stream) {
      const response = mergeChunks(reply.chunks, envelope.model)
      return ex.sendJson(200, { response, traceId }, traceHeaders(traceId))
    }
    const close = streams?.open()
    try {
      await streamChunks(ex, ctx, reply.chunks, reply.delayMs ?? 0, traceId, reply.cutAfter)
    } finally {
      close?.()
    }
  }
}

async function streamChunks(
  ex: Exchange,
  ctx: FakeContext,
  chunks: unknown[],
  delayMs: number,
  traceId: string,
  cutAfter?: number,
): Promise<void> {
  ex.open(200, {
    'content-type': 'text/event-stream',
    'cache-control': 'no-cache',
    ...traceHeaders(traceId),
  })
  for (const [index, chunk] of chunks.entries()) {
    if (index > 0) await sleep(delayMs, ex.signal)
    if (ex.gone) return
    if (index === cutAfter) return ex.destroy()
    ex.write(sseEvent(chunk, traceId))
    if (index === 0) await ctx.holds.wait(ex.signal)
  }
  ex.end()
}
