import type { Request, RequestHandler } from 'express'
import type { Protocol } from './ai/protocol-errors'
import { protocolForPath, sendProtocolError } from './ai/protocol-errors'

/** The routes each protocol's clients may call, as the 404 names them. */
export const protocolRoutes: Record<Protocol, readonly string[]> = {
  openai: ['POST /v1/chat/completions', 'POST /v1/responses', 'GET /v1/models'],
  anthropic: ['POST /v1/messages', 'POST /v1/messages/count_tokens'],
  gemini: [
    'POST /v1beta/models/{model}:generateContent',
    'POST /v1beta/models/{model}:streamGenerateContent',
    'POST /v1beta/models/{model}:countTokens',
    'GET /v1beta/models',
  ],
}

const protocolNames: Record<Protocol, string> = {
  openai: 'OpenAI',
  anthropic: 'Anthropic',
  gemini: 'Gemini',
}

/**
 * Which protocol a path nobody serves looks like, so a client with a wrong base URL (a missing
 * `/v1`, `/v1/v1/…`) gets an error its SDK parses, naming the routes it meant.
 */
export function protocolForUnknownPath(req: Request): Protocol {
  const path = req.path
  if (/:(generateContent|streamGenerateContent|countTokens)\b/.test(path)) return 'gemini'
  const known = protocolForPath(req.originalUrl)
  if (known !== 'openai') return known
  if (/(^|\/)messages(\/|$)/.test(path) || req.headers['anthropic-version']) return 'anthropic'
  if (req.headers['x-goog-api-key']) return 'gemini'
  return 'openai'
}

/** The last handler: a 404 in the caller's format that names the routes agtray does serve. */
export function unknownRouteHandler(): RequestHandler {
  return (req, res) => {
    const protocol = protocolForUnknownPath(req)
    sendProtocolError(res, protocol, {
      status: 404,
      kind: 'not_found',
      code: 'unknown_route',
      message: `agtray has no route ${req.method} ${req.path}; ${protocolNames[protocol]} clients use ${protocolRoutes[protocol].join(', ')}`,
    })
  }
}
