import { AgtrayError } from '../agtray-error'
import { googleCodeForStatus } from './google-error-code'
import type { GoogleEndpoints } from './google-endpoints'
import { cloudCodeMethodUrl, cloudCodeUserAgent } from './google-endpoints'
import type { GoogleAnswer } from './google-request'
import { sendGoogleRequest } from './google-request'
import type { GoogleTransport } from './google-transport'

/** Cloud Code's refusal (a 4xx it meant) or its absence (no answer, 5xx, 429, a timeout). */
export class CloudCodeError extends AgtrayError {
  readonly status: number | null
  constructor(message: string, status: number | null) {
    super(googleCodeForStatus(status), message)
    this.name = 'CloudCodeError'
    this.status = status
  }
}

export interface CodeAssistInfo {
  projectId: string
  tier: string | null
}

/** The Cloud Code calls the account manager needs (the proxy forwards the others itself). */
export interface CloudCodeClient {
  loadCodeAssist(accessToken: string): Promise<CodeAssistInfo>
}

export function createCloudCodeClient(
  endpoints: GoogleEndpoints,
  transport: GoogleTransport,
): CloudCodeClient {
  return {
    async loadCodeAssist(accessToken) {
      let response: GoogleAnswer
      try {
        response = await sendGoogleRequest(transport, {
          url: cloudCodeMethodUrl(endpoints, 'loadCodeAssist'),
          method: 'POST',
          headers: {
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json',
            'user-agent': cloudCodeUserAgent,
          },
          body: JSON.stringify({ metadata: { ideType: 'ANTIGRAVITY' } }),
          kind: 'quick',
        })
      } catch (error) {
        throw new CloudCodeError(
          `loadCodeAssist could not reach Google (${(error as Error).message})`,
          null,
        )
      }
      const { text } = response
      if (response.status < 200 || response.status > 299) {
        throw new CloudCodeError(
          `loadCodeAssist answered ${response.status}: ${googleMessage(text)}`,
          response.status,
        )
      }
      const body = safeJson(text) as {
        cloudaicompanionProject?: unknown
        paidTier?: { name?: string; id?: string }
        currentTier?: { name?: string; id?: string }
      } | null
      const project = body?.cloudaicompanionProject
      // Some answers wrap the project as {id, name}.
      const projectId =
        typeof project === 'string' ? project : (project as { id?: unknown } | undefined)?.id
      if (typeof projectId !== 'string' || projectId === '') {
        throw new CloudCodeError(
          'this Google account has no Cloud Code project (not onboarded to Antigravity)',
          response.status,
        )
      }
      const tier =
        body?.paidTier?.name ??
        body?.paidTier?.id ??
        body?.currentTier?.name ??
        body?.currentTier?.id ??
        null
      return { projectId, tier }
    },
  }
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** Google RPC errors carry a readable `error.message`; fall back to the start of the body. */
export function googleMessage(text: string): string {
  const body = safeJson(text) as { error?: { message?: unknown } } | null
  if (typeof body?.error?.message === 'string') return body.error.message
  return text.slice(0, 200)
}
