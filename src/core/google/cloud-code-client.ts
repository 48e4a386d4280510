import { AgtrayError } from '../agtray-error'
import { googleCodeForStatus } from './google-error-code'
import type { ClientIdentity } from './client-identity'
import type { LoadCodeAssistAnswer } from './code-assist-tier'
import type { GoogleEndpoints } from './google-endpoints'
import { cloudCodeMethodUrl } from './google-endpoints'
import type { GoogleAnswer } from './google-request'
import { sendGoogleRequest } from './google-request'
import type { GoogleTransport } from './google-transport'
import { outdatedClientError, outdatedClientRefusal } from './outdated-client'

/** Cloud Code's refusal (a 4xx it meant) or its absence (no answer, 5xx, 429, a timeout). */
export class CloudCodeError extends AgtrayError {
  readonly status: number | null
  constructor(message: string, status: number | null) {
    super(googleCodeForStatus(status), message)
    this.name = 'CloudCodeError'
    this.status = status
  }
}

/** A long-running operation as v1internal returns it (onboardUser, operations/…). */
export interface CloudCodeOperation {
  name?: string
  done?: boolean
  response?: { cloudaicompanionProject?: unknown }
  error?: { code?: number; message?: string }
}

/** The Cloud Code calls the account side needs (the proxy forwards the others itself). */
export interface CloudCodeClient {
  loadCodeAssist(accessToken: string): Promise<LoadCodeAssistAnswer>
  onboardUser(accessToken: string, tierId: string): Promise<CloudCodeOperation>
  /** Polls an operation onboardUser started (`GET v1internal/<name>`). */
  getOperation(accessToken: string, name: string): Promise<CloudCodeOperation>
}

/**
 * The account-side Cloud Code calls. Each carries the identity's headers; a refusal of the
 * client's version becomes the `client_outdated` error that tells the user what to change.
 */
export function createCloudCodeClient(
  endpoints: GoogleEndpoints,
  transport: GoogleTransport,
  identity: ClientIdentity,
): CloudCodeClient {
  const call = async (
    what: string,
    accessToken: string,
    request: { url: string; method: 'GET' | 'POST'; body?: unknown },
  ): Promise<unknown> => {
    let response: GoogleAnswer
    try {
      response = await sendGoogleRequest(transport, {
        url: request.url,
        method: request.method,
        headers: {
          ...identity.cloudCodeHeaders(),
          authorization: `Bearer ${accessToken}`,
          ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: request.body === undefined ? undefined : JSON.stringify(request.body),
        kind: 'quick',
      })
    } catch (error) {
      throw new CloudCodeError(`${what} could not reach Google (${(error as Error).message})`, null)
    }
    const { status, text } = response
    if (status < 200 || status > 299) {
      const outdated = outdatedClientRefusal(status, text)
      if (outdated !== null) throw outdatedClientError(identity, outdated)
      throw new CloudCodeError(`${what} answered ${status}: ${googleMessage(text)}`, status)
    }
    const body = safeJson(text)
    if (body === null || typeof body !== 'object') {
      throw new CloudCodeError(`${what} answered ${status} with no JSON object`, status)
    }
    return body
  }

  return {
    loadCodeAssist: async (accessToken) =>
      (await call('loadCodeAssist', accessToken, {
        url: cloudCodeMethodUrl(endpoints, 'loadCodeAssist'),
        method: 'POST',
        body: { metadata: identity.clientMetadata() },
      })) as LoadCodeAssistAnswer,
    // Like gemini-cli for the free tier: no project in the request (a managed one is created).
    onboardUser: async (accessToken, tierId) =>
      (await call('onboardUser', accessToken, {
        url: cloudCodeMethodUrl(endpoints, 'onboardUser'),
        method: 'POST',
        body: { tierId, metadata: identity.clientMetadata() },
      })) as CloudCodeOperation,
    getOperation: async (accessToken, name) => {
      if (!/^[A-Za-z0-9/_.-]{1,300}$/.test(name) || name.includes('..')) {
        throw new CloudCodeError(`onboardUser named an operation agtray cannot poll`, null)
      }
      return (await call('operations', accessToken, {
        url: `${endpoints.cloudCodeBaseUrl}/${name}`,
        method: 'GET',
      })) as CloudCodeOperation
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
