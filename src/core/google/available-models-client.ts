import type { ModelQuota } from './available-models'
import { parseAvailableModels } from './available-models'
import { googleMessage } from './cloud-code-client'
import type { GoogleEndpoints } from './google-endpoints'
import { cloudCodeMethodUrl } from './google-endpoints'
import type { ClientIdentity } from './client-identity'
import type { GoogleAnswer } from './google-request'
import { sendGoogleRequest } from './google-request'
import type { GoogleTransport } from './google-transport'

/**
 * What `fetchAvailableModels` said about one account:
 * - `quota`: the models and what is left of each;
 * - `forbidden`: 403, the account may not use Cloud Code (suspended, not eligible, verification);
 * - `unauthorized`: 401, the access token was refused before its expiry (refresh and try again);
 * - `failed`: the network, a timeout, a 5xx or an answer we cannot read: nothing learnt.
 */
export type AvailableModelsAnswer =
  | { kind: 'quota'; models: ModelQuota[] }
  | { kind: 'forbidden'; message: string; body: string }
  | { kind: 'unauthorized'; message: string }
  | { kind: 'failed'; message: string; status: number | null }

export interface AvailableModelsClient {
  /** `proxy`: the account's own outbound proxy, if it has one (else the global one). */
  fetch(
    accessToken: string,
    projectId: string | null,
    proxy?: string | null,
  ): Promise<AvailableModelsAnswer>
}

/** `v1internal:fetchAvailableModels` through the shared transport, as the Antigravity client calls it. */
export function createAvailableModelsClient(
  endpoints: GoogleEndpoints,
  transport: GoogleTransport,
  identity: ClientIdentity,
): AvailableModelsClient {
  return {
    async fetch(accessToken, projectId, proxy) {
      let answer: GoogleAnswer
      try {
        answer = await sendGoogleRequest(transport, {
          url: cloudCodeMethodUrl(endpoints, 'fetchAvailableModels'),
          method: 'POST',
          headers: {
            ...identity.cloudCodeHeaders(),
            authorization: `Bearer ${accessToken}`,
            'content-type': 'application/json',
          },
          body: JSON.stringify(projectId ? { project: projectId } : {}),
          kind: 'quick',
          proxy,
        })
      } catch (error) {
        return {
          kind: 'failed',
          message: `Google could not be reached (${(error as Error).message})`,
          status: null,
        }
      }
      const { status, text } = answer
      if (status === 401) return { kind: 'unauthorized', message: googleMessage(text) }
      if (status === 403) return { kind: 'forbidden', message: googleMessage(text), body: text }
      if (status < 200 || status > 299) {
        return {
          kind: 'failed',
          message: `Google answered ${status}: ${googleMessage(text)}`,
          status,
        }
      }
      let body: unknown
      try {
        body = JSON.parse(text)
      } catch {
        return { kind: 'failed', message: 'Google answered with something not JSON', status }
      }
      return { kind: 'quota', models: parseAvailableModels(body) }
    },
  }
}
