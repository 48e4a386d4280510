import type { AuthMode } from './settings-schema'

export type EffectiveAuthMode = Exclude<AuthMode, 'auto'>

const loopbackHosts = new Set(['127.0.0.1', '::1', 'localhost'])

export const isLoopbackHost = (host: string): boolean =>
  loopbackHosts.has(host) || host.startsWith('127.')

/** `auto`: no key needed while only this machine can connect; required once the port is on a network. */
export function effectiveAuthMode(mode: AuthMode, host: string): EffectiveAuthMode {
  if (mode !== 'auto') return mode
  return isLoopbackHost(host) ? 'off' : 'all_except_health'
}
