import { randomBytes } from 'node:crypto'

/** The wrapper Cloud Code's `v1internal` expects around a Gemini `GenerateContentRequest`. */
export interface CloudCodeEnvelope {
  project: string
  model: string
  request: Record<string, unknown>
  userAgent: 'antigravity'
  requestType: 'agent'
  requestId: string
}

export function wrapForCloudCode(
  request: Record<string, unknown>,
  model: string,
  projectId: string,
  nowMs: number,
): CloudCodeEnvelope {
  return {
    project: projectId,
    model,
    request,
    userAgent: 'antigravity',
    requestType: 'agent',
    requestId: `agent/${nowMs}/${randomBytes(6).toString('hex')}`,
  }
}

/** Cloud Code answers `{"response": X, "traceId": …}`; clients of the Gemini API expect `X`. */
export function unwrapCloudCodeResponse(body: unknown): unknown {
  if (body && typeof body === 'object' && 'response' in body)
    return (body as { response: unknown }).response
  return body
}
