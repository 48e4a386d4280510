import type { IncomingMessage } from 'node:http'
import type { NextFunction, Request, RequestHandler, Response } from 'express'
import { createProxyMiddleware } from 'http-proxy-middleware'
import type { GoogleEndpoints } from '../google/google-endpoints'
import { cloudCodeUserAgent } from '../google/google-endpoints'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import type { Lease } from '../pool/token-pool'
import type { Protocol } from './protocol-errors'
import { sendProtocolError } from './protocol-errors'

export type CloudCodeMethod = 'generateContent' | 'streamGenerateContent' | 'countTokens'

/** One call to Cloud Code, prepared by a protocol route and carried in `res.locals`. */
export interface CloudCodeCall {
  protocol: Protocol
  lease: Lease
  method: CloudCodeMethod
  envelope: unknown
  /** Renders Google's answer for the client; it owns `upstream` from here on. */
  respond(upstream: IncomingMessage, res: Response): void
}

const CALL_KEY = 'cloudCodeCall'

export const setCloudCodeCall = (res: Response, call: CloudCodeCall): void => {
  res.locals[CALL_KEY] = call
}

const callOf = (res: Response): CloudCodeCall => res.locals[CALL_KEY] as CloudCodeCall

/** Client headers that must not reach Google: credentials for agtray, and framing we rewrite. */
const strippedHeaders = [
  'authorization',
  'x-api-key',
  'x-goog-api-key',
  'cookie',
  'content-length',
  'accept-encoding',
  'origin',
  'referer',
]

/**
 * Forwards prepared calls to Cloud Code with http-proxy-middleware: the client's request is piped
 * out with the account's token instead of the client's key, and Google's answer is streamed back
 * through the route's `respond` without being buffered.
 */
export function createCloudCodeForwarder(
  endpoints: GoogleEndpoints,
  logger: Logger,
): RequestHandler {
  const base = new URL(endpoints.cloudCodeBaseUrl)
  const proxy = createProxyMiddleware<Request, Response>({
    target: base.origin,
    changeOrigin: true,
    selfHandleResponse: true,
    // Long answers from thinking models can take minutes; the reference allows ten.
    proxyTimeout: 600_000,
    pathRewrite: (_path, req) => {
      const call = callOf(req.res as Response)
      const stream = call.method === 'streamGenerateContent' ? '?alt=sse' : ''
      return `${base.pathname}:${call.method}${stream}`
    },
    on: {
      proxyReq(proxyReq, _req, res) {
        const call = callOf(res)
        for (const name of strippedHeaders) proxyReq.removeHeader(name)
        const body = JSON.stringify(call.envelope)
        proxyReq.setHeader('authorization', `Bearer ${call.lease.accessToken}`)
        proxyReq.setHeader('content-type', 'application/json')
        proxyReq.setHeader('content-length', Buffer.byteLength(body))
        proxyReq.setHeader('accept-encoding', 'identity')
        proxyReq.setHeader('user-agent', cloudCodeUserAgent)
        proxyReq.write(body)
        // A client that goes away must not keep Google (and the account's quota) busy.
        res.on('close', () => {
          if (!res.writableFinished) proxyReq.destroy()
        })
      },
      proxyRes(proxyRes, _req, res) {
        res.setHeader('x-agtray-account-id', callOf(res).lease.accountId)
        callOf(res).respond(proxyRes, res)
      },
      error(error, _req, res) {
        const response = res as Response
        if (!('status' in response) || response.destroyed) return
        const call = callOf(response)
        logger.warn(`Cloud Code could not be reached: ${describeError(error)}`)
        sendProtocolError(response, call.protocol, {
          status: 502,
          kind: 'upstream',
          code: 'upstream_unreachable',
          message: `Google Cloud Code could not be reached (${(error as NodeJS.ErrnoException).code ?? describeError(error)})`,
        })
      },
    },
  })
  return (req: Request, res: Response, next: NextFunction) => void proxy(req, res, next)
}

/** Collects a (small) upstream body, for JSON answers and errors. */
export function readBody(upstream: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    upstream.on('data', (chunk: Buffer) => chunks.push(chunk))
    upstream.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    upstream.on('error', reject)
  })
}
