import http from 'node:http'
import https from 'node:https'
import type { GoogleCallKind, GoogleTransport } from './google-transport'
import { failedOnStaleConnection } from './google-transport'

export interface GoogleRequest {
  url: string
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  kind: GoogleCallKind
  /** The account's own outbound proxy, if it has one (else the global choice applies). */
  proxy?: string | null
}

export interface GoogleAnswer {
  status: number
  text: string
}

/**
 * One small call to Google over the shared pool, its answer read whole. fetch would open a second
 * pool (undici's) beside the one the proxy and OAuth use; this keeps a single one.
 */
export async function sendGoogleRequest(
  transport: GoogleTransport,
  request: GoogleRequest,
): Promise<GoogleAnswer> {
  try {
    return await sendOnce(transport, request)
  } catch (error) {
    if (!(error instanceof StaleConnection)) throw error
    return sendOnce(transport, request)
  }
}

class StaleConnection extends Error {}

function sendOnce(transport: GoogleTransport, request: GoogleRequest): Promise<GoogleAnswer> {
  const url = new URL(request.url)
  const send = url.protocol === 'http:' ? http.request : https.request
  const body = request.body === undefined ? undefined : Buffer.from(request.body)
  return new Promise((resolve, reject) => {
    const outgoing = send(url, {
      method: request.method,
      agent: transport.agentFor(url, request.proxy),
      headers: {
        ...request.headers,
        ...(body ? { 'content-length': String(body.length) } : {}),
      },
    })
    let answered = false
    transport.watch(outgoing, request.kind)
    outgoing.on('error', (error) => {
      reject(!answered && failedOnStaleConnection(outgoing, error) ? new StaleConnection() : error)
    })
    outgoing.on('response', (response) => {
      answered = true
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('error', reject)
      response.on('close', () => {
        if (!response.complete) reject(new Error('the connection to Google closed mid-answer'))
      })
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
      )
    })
    outgoing.end(body)
  })
}
