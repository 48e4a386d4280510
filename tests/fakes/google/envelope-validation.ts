import type { RpcErrorBody } from './google-errors'
import { invalidArgument, invalidProject, projectPermissionDenied } from './google-errors'
import { isRecord } from './http-exchange'
import type { FakeUser } from './types'

export interface CloudCodeEnvelope {
  project: string
  model: string
  request: Record<string, unknown> & { contents: unknown[] }
  [field: string]: unknown
}

export type EnvelopeCheck =
  { ok: true; envelope: CloudCodeEnvelope } | { ok: false; status: number; body: RpcErrorBody }

const reject = (status: number, body: RpcErrorBody): EnvelopeCheck => ({ ok: false, status, body })

/**
 * As strict as Cloud Code about the parts a proxy could get wrong: the project must be the
 * caller's own (Google checks it before anything else), the model named, and every turn
 * well-formed. Messages are Google's own wording for the same faults.
 */
export function checkEnvelope(body: unknown, user: FakeUser): EnvelopeCheck {
  if (!isRecord(body)) {
    return reject(400, invalidArgument('Invalid JSON payload received. Expected an object.'))
  }
  const { project, model, request } = body
  if (typeof project !== 'string' || project === '') {
    return reject(400, invalidProject(typeof project === 'string' ? project : ''))
  }
  if (project !== user.projectId) return reject(403, projectPermissionDenied(project))
  if (typeof model !== 'string' || model === '') {
    return reject(400, invalidArgument('* model: model is not specified\n'))
  }
  if (!isRecord(request)) {
    return reject(400, invalidArgument('* request: request is not specified\n'))
  }
  const { contents } = request
  if (!Array.isArray(contents) || contents.length === 0) {
    return reject(
      400,
      invalidArgument('* GenerateContentRequest.contents: contents is not specified\n'),
    )
  }
  for (const [index, content] of contents.entries()) {
    if (!isRecord(content) || (content.role !== 'user' && content.role !== 'model')) {
      return reject(400, invalidArgument('Please use a valid role: user, model.'))
    }
    if (!Array.isArray(content.parts) || content.parts.length === 0) {
      return reject(
        400,
        invalidArgument(
          `* GenerateContentRequest.contents[${index}].parts: contents.parts must not be empty.\n`,
        ),
      )
    }
  }
  // Handlers get the body exactly as sent; the checks above vouch for the typed fields.
  return { ok: true, envelope: body as CloudCodeEnvelope }
}
