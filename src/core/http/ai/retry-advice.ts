import { describeWait, waitSeconds } from '../../runtime/wait-time'
import type { ProxyError } from './protocol-errors'

export const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo'

/** Only a rate limit or an outage is worth waiting out; a retry of any other error fails again. */
export const isWaitable = (status: number): boolean => status === 429 || status === 503

/** The wait to tell the client, or null when the answer is not one to wait out or none is known. */
export function advisedWaitMs(error: ProxyError): number | null {
  if (!isWaitable(error.status) || error.retryAfterMs === undefined) return null
  return Math.max(0, error.retryAfterMs)
}

/**
 * OpenAI and Anthropic clients show only the message, so a person reading it learns the wait
 * there, unless the message already says it (agtray's "next back in 12s", Google's "Resets in
 * 108h48m29s").
 */
export function messageWithWait(error: ProxyError): string {
  const waitMs = advisedWaitMs(error)
  if (waitMs === null) return error.message
  const wait = describeWait(waitMs)
  const saysIt = new RegExp(`(^|[^0-9])${wait}`).test(error.message)
  return saysIt ? error.message : `${error.message} (retry in ${wait})`
}

/**
 * The `details` of a Gemini error. Google's go out exactly as Google sent them (gemini-cli tells
 * a short rate limit from an exhausted quota by their ErrorInfo reason and RetryInfo); agtray
 * never edits or mixes into them. When Google sent none and agtray knows the wait (every
 * account resting), a RetryInfo in Google's format says it, as gemini-cli reads it.
 */
export function geminiDetailsOf(error: ProxyError): unknown[] | undefined {
  if (error.google?.details?.length) return error.google.details
  const waitMs = advisedWaitMs(error)
  if (waitMs === null) return undefined
  return [{ '@type': RETRY_INFO_TYPE, retryDelay: `${waitSeconds(waitMs)}s` }]
}
