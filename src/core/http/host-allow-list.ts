import os from 'node:os'
import type { Request, RequestHandler } from 'express'
import { sendAdminError } from './admin/admin-error'
import { isLoopbackHost } from '../settings/auth-mode'
import { protocolForPath, sendProtocolError } from './ai/protocol-errors'

/** The host name of a `Host` header, lower-case, without port or IPv6 brackets. */
export function hostnameOf(header: string | undefined): string | null {
  if (!header) return null
  const host = header.trim().toLowerCase()
  if (host.startsWith('[')) {
    const end = host.indexOf(']')
    return end > 1 ? host.slice(1, end) : null
  }
  const colon = host.lastIndexOf(':')
  return colon === -1 ? host : host.slice(0, colon)
}

const isAnyAddress = (host: string): boolean => host === '0.0.0.0' || host === '::'

/**
 * The names this server answers to: always this machine's loopback names and the bound address;
 * when it listens beyond loopback, also the machine's own addresses and names, and what the user
 * listed in `proxy.allowed_hosts`. A page whose name an attacker rebinds to 127.0.0.1 keeps its
 * own name in `Host`, so it is not among them.
 */
export function allowedHostnames(boundHost: string, extra: readonly string[]): Set<string> {
  const names = new Set(['localhost', '127.0.0.1', '::1', boundHost.toLowerCase()])
  for (const name of extra) names.add(name.trim().toLowerCase())
  if (isLoopbackHost(boundHost)) return names
  const hostname = os.hostname().toLowerCase()
  names.add(hostname)
  names.add(`${hostname}.local`)
  if (isAnyAddress(boundHost)) {
    for (const addresses of Object.values(os.networkInterfaces()))
      for (const address of addresses ?? []) names.add(address.address.toLowerCase())
  }
  return names
}

const describeHost = (req: Request): string => JSON.stringify(req.headers.host ?? '')

/** Answers 421 to a request whose `Host` is not one of this server's names, in its route's format. */
export function requireKnownHost(allowed: () => ReadonlySet<string>): RequestHandler {
  return (req, res, next) => {
    const name = hostnameOf(req.headers.host)
    if (name !== null && allowed().has(name)) {
      next()
      return
    }
    const message = `agtray does not answer to the host ${describeHost(req)}; add it to proxy.allowed_hosts in settings.json if you reach agtray by that name`
    if (req.path.startsWith('/v1')) {
      sendProtocolError(res, protocolForPath(req.originalUrl), {
        status: 421,
        kind: 'permission',
        code: 'unknown_host',
        message,
      })
      return
    }
    sendAdminError(res, 'unknown_host', message)
  }
}

/** Network addresses change (DHCP, VPN): the names are worked out again now and then. */
const RECOMPUTE_MS = 60_000

/** `allowedHostnames` for the current settings, worked out once per change or minute, not per request. */
export function createAllowedHostnames(
  current: () => { host: string; allowedHosts: readonly string[] },
  now: () => number = Date.now,
): () => ReadonlySet<string> {
  let cached: { key: string; at: number; names: Set<string> } | null = null
  return () => {
    const { host, allowedHosts } = current()
    const key = `${host}\n${allowedHosts.join('\n')}`
    if (!cached || cached.key !== key || now() - cached.at > RECOMPUTE_MS)
      cached = { key, at: now(), names: allowedHostnames(host, allowedHosts) }
    return cached.names
  }
}
