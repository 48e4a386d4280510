import type { IncomingMessage } from 'node:http'
import type { Response } from 'express'
import type { Protocol } from './protocol-errors'
import { protocolErrorBody } from './protocol-errors'
import { forEachSseData } from './sse-events'
import { writeDataEvent, writeNamedEvent } from './stream-writers'

export const BROKEN_STREAM_MESSAGE = 'Google’s answer broke off before it was complete; try again'

/**
 * Reads Google's streamed answer to its end. False when it broke off first (the connection cut,
 * the idle timeout, a chunk agtray could not translate): the client must then be told, never be
 * handed half an answer that looks whole.
 */
export async function readStreamToEnd(
  upstream: IncomingMessage,
  onData: (data: string) => void,
): Promise<boolean> {
  try {
    await forEachSseData(upstream, onData)
  } catch {
    return false
  }
  return upstream.complete
}

/**
 * Ends a streamed answer with an error event in the client's protocol, which its SDK raises:
 * OpenAI and Gemini an `error` object in a data event, Anthropic an `error` event.
 */
export function endStreamWithError(res: Response, protocol: Protocol, message: string): void {
  if (res.writableEnded || res.destroyed) return
  const body = protocolErrorBody(protocol, {
    status: 502,
    kind: 'upstream',
    code: 'stream_interrupted',
    message,
  })
  if (protocol === 'anthropic') writeNamedEvent(res, 'error', body)
  else writeDataEvent(res, body)
  res.end()
}
