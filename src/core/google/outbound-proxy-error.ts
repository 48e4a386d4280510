import { AgtrayError } from '../agtray-error'
import { redactProxyUrl } from '../../shared/outbound-proxy-url'

/**
 * The outbound proxy, not Google, failed: it refused the connection, asked for other
 * credentials, could not reach Google, or did not answer in time. The message names the proxy
 * (`socks5://user:***@host:1080`), never its password, so a user sees which setting to fix; and
 * it is nobody's account's fault, so no account is disabled or rested for it.
 */
export class OutboundProxyError extends AgtrayError {
  /** The proxy as shown: credentials masked. */
  readonly proxy: string

  constructor(proxyUrl: string, reason: string, options?: { cause?: unknown }) {
    const shown = redactProxyUrl(proxyUrl)
    super('outbound_proxy_failed', `the outbound proxy ${shown} ${reason}`, options)
    this.name = 'OutboundProxyError'
    this.proxy = shown
  }
}

/**
 * The proxy failure behind `error`, if one is: directly, as a cause, or as the text node-fetch
 * (under gaxios) copied into its own error, which keeps the message but drops the error itself.
 */
export function outboundProxyFailureIn(error: unknown): { message: string } | null {
  let current: unknown = error
  for (let depth = 0; depth < 5 && current; depth++) {
    if (current instanceof OutboundProxyError) return current
    const like = current as { code?: unknown; message?: unknown; cause?: unknown }
    if (like.code === 'outbound_proxy_failed' && typeof like.message === 'string') {
      const at = like.message.indexOf('the outbound proxy ')
      return { message: at >= 0 ? like.message.slice(at) : like.message }
    }
    current = like.cause
  }
  return null
}
