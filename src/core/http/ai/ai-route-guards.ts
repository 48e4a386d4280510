import type { RequestHandler } from 'express'
import type { ResolvedSettings } from '../../settings/settings-service'
import { clientKeyOf } from './client-key'
import { sameSecret } from '../../runtime/same-secret'
import { effectiveAuthMode } from '../../settings/auth-mode'
import { protocolForPath, sendProtocolError } from './protocol-errors'

/**
 * Rejects AI requests without the right API key, in the client's own format. The key is needed
 * when the auth mode asks for it, and always from a web page: browsers put the page's `Origin` on
 * what they send (fetch, a form post) and AI clients do not, so a page the user happens to open
 * cannot spend their accounts even where no key is required.
 */
export function requireClientKey(settings: () => ResolvedSettings): RequestHandler {
  return (req, res, next) => {
    const current = settings()
    const origin = typeof req.headers.origin === 'string' ? req.headers.origin : ''
    const required = effectiveAuthMode(current.authMode, current.host) !== 'off' || origin !== ''
    if (!required || req.method === 'OPTIONS') {
      next()
      return
    }
    const key = clientKeyOf(req.headers, req.query)
    if (key !== null && sameSecret(key, current.apiKey)) {
      next()
      return
    }
    sendProtocolError(res, protocolForPath(req.originalUrl), {
      status: 401,
      kind: 'authentication',
      code: 'invalid_api_key',
      message: key
        ? 'Invalid API key: use the proxy API key shown by agtray (settings.json, proxy.api_key)'
        : origin !== ''
          ? `A request from a web page (${origin}) needs the proxy API key`
          : 'Missing API key: send the proxy API key as "Authorization: Bearer <key>", "x-api-key" or "x-goog-api-key"',
    })
  }
}

/** The proxy's on/off switch: while off, AI routes answer 503 and say how to turn it back on. */
export function requireProxyEnabled(isEnabled: () => boolean): RequestHandler {
  return (req, res, next) => {
    if (isEnabled()) {
      next()
      return
    }
    sendProtocolError(res, protocolForPath(req.originalUrl), {
      status: 503,
      kind: 'unavailable',
      code: 'proxy_disabled',
      message:
        'The agtray proxy is disabled: turn it on in the agtray window or tray menu, or with POST /api/proxy {"enabled": true}',
    })
  }
}
