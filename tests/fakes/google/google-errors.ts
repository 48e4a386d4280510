/**
 * Error bodies in the two dialects Google speaks: the OAuth endpoints answer
 * {"error": "<code>", "error_description": "…"}, every API (userinfo, v1internal) answers a Google
 * RPC status {"error": {"code", "message", "status", "details"?}} (see tests/fixtures/error-*.json).
 */

export type RpcStatus =
  | 'INVALID_ARGUMENT'
  | 'FAILED_PRECONDITION'
  | 'UNAUTHENTICATED'
  | 'PERMISSION_DENIED'
  | 'NOT_FOUND'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL'
  | 'UNAVAILABLE'

export interface RpcErrorBody {
  error: { code: number; message: string; status: RpcStatus; details?: unknown[] }
}

export function rpcError(
  code: number,
  status: RpcStatus,
  message: string,
  details?: unknown[],
): RpcErrorBody {
  return { error: { code, message, status, ...(details ? { details } : {}) } }
}

export interface OAuthErrorBody {
  error: string
  error_description: string
}

export const oauthError = (error: string, description: string): OAuthErrorBody => ({
  error,
  error_description: description,
})

/** Verbatim from tests/fixtures/error-401-unauthenticated.json. */
export const invalidCredentials = (): RpcErrorBody =>
  rpcError(
    401,
    'UNAUTHENTICATED',
    'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  )

/** Google words it differently when there is no Authorization header at all. */
export const missingCredentials = (): RpcErrorBody =>
  rpcError(
    401,
    'UNAUTHENTICATED',
    'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.',
  )

export const invalidArgument = (message: string): RpcErrorBody =>
  rpcError(400, 'INVALID_ARGUMENT', message)

export interface FieldViolation {
  field: string
  description: string
}

/** INVALID_ARGUMENT with google.rpc.BadRequest details, as for a body that does not parse. */
export const badRequest = (message: string, fieldViolations: FieldViolation[]): RpcErrorBody =>
  rpcError(400, 'INVALID_ARGUMENT', message, [
    { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations },
  ])

/** Same body as tests/fixtures/error-400-invalid-project.json when the project is empty. */
export const invalidProject = (project: string): RpcErrorBody =>
  rpcError(400, 'INVALID_ARGUMENT', `Invalid project resource name projects/${project}`, [
    {
      '@type': 'type.googleapis.com/google.rpc.BadRequest',
      fieldViolations: [{ description: 'Invalid project resource name', field: 'name' }],
    },
  ])

/** What Cloud Code says when the caller has no access to the project it named. */
export function projectPermissionDenied(project: string): RpcErrorBody {
  const permission = 'cloudaicompanion.companions.generateChat'
  const resource = `projects/${project}/locations/global`
  return rpcError(
    403,
    'PERMISSION_DENIED',
    `Permission '${permission}' denied on resource '//cloudaicompanion.googleapis.com/${resource}' (or it may not exist).`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'IAM_PERMISSION_DENIED',
        domain: 'cloudaicompanion.googleapis.com',
        metadata: { permission, resource },
      },
    ],
  )
}

export const notFound = (): RpcErrorBody =>
  rpcError(404, 'NOT_FOUND', 'Requested entity was not found.')

/** The default body of a scripted /token failure, picked so error classifiers see a real shape. */
export function transientTokenError(status: number): OAuthErrorBody {
  if (status === 429) return oauthError('rate_limit_exceeded', 'Rate Limit Exceeded')
  if (status === 503) return oauthError('temporarily_unavailable', 'Service Unavailable')
  if (status >= 500) return oauthError('internal_failure', 'Backend Error')
  return oauthError('invalid_request', 'Bad Request')
}
