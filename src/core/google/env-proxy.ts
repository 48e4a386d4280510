/**
 * The proxy the standard environment variables choose for `url`, as curl and most tools read
 * them: `HTTPS_PROXY` (or `https_proxy`) for https URLs, `HTTP_PROXY` for http ones, `ALL_PROXY`
 * for either, all skipped for a host `NO_PROXY` lists (`*`, `example.com`, `.example.com`,
 * `host:port`, an IP). Read from the env agtray was given rather than process.env, so tests and
 * embedders decide. Loopback hosts never go through an environment proxy (a corporate proxy
 * cannot reach this machine's own ports); an explicit setting still applies to them.
 */
export function envProxyFor(url: URL, env: NodeJS.ProcessEnv): string | null {
  const read = (name: string): string | undefined => {
    const value = env[name.toLowerCase()] ?? env[name.toUpperCase()]
    return value && value.trim() !== '' ? value.trim() : undefined
  }
  const proxy =
    (url.protocol === 'https:' ? read('https_proxy') : read('http_proxy')) ?? read('all_proxy')
  if (!proxy) return null
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  if (isLoopback(host)) return null
  const port = url.port || (url.protocol === 'https:' ? '443' : '80')
  return bypassed(host, port, read('no_proxy') ?? '') ? null : proxy
}

function bypassed(host: string, port: string, noProxy: string): boolean {
  return noProxy
    .split(/[\s,]+/)
    .filter(Boolean)
    .some((entry) => {
      if (entry === '*') return true
      const match = /^(.*?)(?::(\d+))?$/.exec(entry.toLowerCase())
      const [, name = '', entryPort] = match ?? []
      if (entryPort && entryPort !== port) return false
      const bare = name.replace(/^\*?\./, '').replace(/^\[|\]$/g, '')
      return host === bare || host.endsWith(`.${bare}`)
    })
}

const isLoopback = (host: string): boolean =>
  host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127\./.test(host)
