import type { ErrorRequestHandler, Request, Response } from 'express'
import type { Logger } from '../logging/logger'
import { describeError } from '../logging/logger'
import { sendAdminError } from './admin/admin-error'
import type { ErrorCode } from '../../shared/error-codes'
import { AgtrayError, isAgtrayError } from '../agtray-error'
import type { ProxyError } from './ai/protocol-errors'
import { protocolForPath, proxyErrorOf, sendProtocolError } from './ai/protocol-errors'

interface HttpError {
  type?: string
  status?: number
  statusCode?: number
  message?: string
  stack?: string
}

/**
 * What express and its body parser report about a request the client got wrong: a body too
 * large, too deep, not JSON, in a charset or encoding nobody supports, a path that does not
 * decode. Null for agtray's own failures.
 */
function clientErrorOf(error: HttpError, bodyLimit: string): ProxyError | null {
  if (error.type === 'entity.too.large')
    return {
      status: 413,
      kind: 'too_large',
      code: 'request_too_large',
      message: `The request body is larger than ${bodyLimit}`,
    }
  if (error.type === 'entity.parse.failed')
    return {
      status: 400,
      kind: 'invalid_request',
      code: 'invalid_json',
      message: `The request body is not valid JSON: ${error.message ?? ''}`.trim(),
    }
  const status = error.status ?? error.statusCode
  if (typeof status !== 'number' || status < 400 || status > 499) return null
  return {
    status,
    kind: status === 413 ? 'too_large' : 'invalid_request',
    code: status === 415 ? 'unsupported_media_type' : 'invalid_request',
    message: error.message || 'The request is not valid',
  }
}

const isAdminPath = (req: Request): boolean => req.originalUrl.startsWith('/api/')

function send(req: Request, res: Response, error: ProxyError, code: ErrorCode): void {
  if (!isAdminPath(req)) {
    sendProtocolError(res, protocolForPath(req.originalUrl), error)
    return
  }
  if (res.headersSent) {
    res.end()
    return
  }
  sendAdminError(res, code, error.message)
}

/** The last word on a request: client mistakes as 4xx in the route's format; agtray's own as 500. */
export function httpErrorHandler(logger: Logger, bodyLimit: string): ErrorRequestHandler {
  return (error: HttpError, req, res, _next) => {
    // agtray's own errors (a translator's TranslationError…) say what happened in their code.
    if (isAgtrayError(error) && error.code !== 'internal') {
      send(req, res, proxyErrorOf(error), error.code)
      return
    }
    const clientError = clientErrorOf(error, bodyLimit)
    if (clientError) {
      send(req, res, clientError, clientError.status === 413 ? 'too_large' : 'invalid_input')
      return
    }
    logger.error(`${req.method} ${req.path} failed: ${error.stack ?? describeError(error)}`)
    const internal = new AgtrayError('internal', 'agtray hit an internal error; see its log')
    send(req, res, proxyErrorOf(internal), 'internal')
  }
}
