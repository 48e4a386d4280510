/**
 * The outbound proxies agtray can send its calls to Google through, written as URLs:
 * `http://host:port`, `https://host:port` (TLS to the proxy itself), `socks5://host:port` (agtray
 * resolves Google's name) or `socks5h://host:port` (the proxy resolves it), each optionally with
 * `user:password@`. Shared so the settings file, the account files, the admin API and the
 * renderer check a proxy the same way and show it the same way.
 */
export const outboundProxySchemes = ['http', 'https', 'socks5', 'socks5h'] as const
export type OutboundProxyScheme = (typeof outboundProxySchemes)[number]

export type CheckedProxyUrl = { ok: true; url: string } | { ok: false; error: string }

const example = 'such as http://host:3128 or socks5://user:password@host:1080'

/** Whether `text` is a proxy URL agtray can use; the URL is trimmed, otherwise kept as given. */
export function checkOutboundProxyUrl(text: string): CheckedProxyUrl {
  const trimmed = text.trim()
  let url: URL
  try {
    url = new URL(trimmed)
  } catch {
    return { ok: false, error: `a proxy is a URL, ${example}` }
  }
  const scheme = url.protocol.replace(/:$/, '')
  if (!(outboundProxySchemes as readonly string[]).includes(scheme))
    return {
      ok: false,
      error: `a proxy URL starts with ${outboundProxySchemes.map((s) => `${s}://`).join(', ')} (${example})`,
    }
  if (url.hostname === '') return { ok: false, error: `a proxy URL names its host, ${example}` }
  if ((url.pathname !== '' && url.pathname !== '/') || url.search !== '' || url.hash !== '')
    return { ok: false, error: `a proxy URL has no path or query, ${example}` }
  return { ok: true, url: trimmed }
}

/**
 * The proxy as it may be shown or logged: the password replaced by `***`, the user kept (it tells
 * which credentials are in use). A text that is not a URL shows as a placeholder: it may be a
 * password pasted by mistake.
 */
export function redactProxyUrl(text: string): string {
  let url: URL
  try {
    url = new URL(text.trim())
  } catch {
    return '(not a proxy URL)'
  }
  const user = url.username ? `${url.username}${url.password ? ':***' : ''}@` : ''
  return `${url.protocol}//${user}${url.host}`
}

/** The password in a proxy URL, decoded, if it has one: a secret to keep out of logs. */
export function proxyPassword(text: string | null | undefined): string | null {
  if (!text) return null
  try {
    const { password } = new URL(text.trim())
    return password ? decodeURIComponent(password) : null
  } catch {
    return null
  }
}

/** `host:port` of the proxy, the default port filled in: what an error names. */
export function proxyAddress(text: string): string {
  const url = new URL(text.trim())
  const port = url.port || defaultPorts[url.protocol.replace(/:$/, '')] || ''
  return `${url.hostname.includes(':') && !url.hostname.startsWith('[') ? `[${url.hostname}]` : url.hostname}:${port}`
}

const defaultPorts: Record<string, string> = {
  http: '80',
  https: '443',
  socks5: '1080',
  socks5h: '1080',
}
