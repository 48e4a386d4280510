import { describe, expect, it } from 'vitest'
import { envProxyFor } from '../../../src/core/google/env-proxy'
import { createGoogleTransport } from '../../../src/core/google/google-transport'
import {
  checkOutboundProxyUrl,
  proxyAddress,
  redactProxyUrl,
} from '../../../src/shared/outbound-proxy-url'

const google = new URL('https://daily-cloudcode-pa.googleapis.com/v1internal:generateContent')

describe('which proxy a call to Google takes', () => {
  it('reads HTTPS_PROXY for https, HTTP_PROXY for http, ALL_PROXY for either, lower case too', () => {
    expect(envProxyFor(google, { HTTPS_PROXY: 'http://corp:3128' })).toBe('http://corp:3128')
    expect(envProxyFor(google, { https_proxy: 'http://lower:3128' })).toBe('http://lower:3128')
    expect(envProxyFor(google, { HTTP_PROXY: 'http://plain:3128' })).toBeNull()
    expect(envProxyFor(new URL('http://example.com/'), { HTTP_PROXY: 'http://plain:3128' })).toBe(
      'http://plain:3128',
    )
    expect(envProxyFor(google, { ALL_PROXY: 'socks5://all:1080' })).toBe('socks5://all:1080')
    expect(envProxyFor(google, {})).toBeNull()
  })

  it('skips what NO_PROXY lists, and loopback hosts always', () => {
    const env = { HTTPS_PROXY: 'http://corp:3128' }
    for (const noProxy of ['*', 'googleapis.com', '.googleapis.com', 'a.b, googleapis.com:443'])
      expect(envProxyFor(google, { ...env, NO_PROXY: noProxy }), noProxy).toBeNull()
    for (const noProxy of ['oogleapis.com', 'googleapis.com:8443', 'example.com'])
      expect(envProxyFor(google, { ...env, no_proxy: noProxy }), noProxy).toBe('http://corp:3128')
    for (const host of ['127.0.0.1:9000', 'localhost:9000', '[::1]:9000'])
      expect(envProxyFor(new URL(`https://${host}/`), env), host).toBeNull()
  })

  it('prefers the account’s proxy, then the setting, then the environment, and keeps one agent per proxy', () => {
    let setting: string | null = 'http://global:3128'
    const transport = createGoogleTransport({
      outboundProxy: () => setting,
      env: { HTTPS_PROXY: 'http://env:3128' },
    })
    try {
      expect(transport.proxyFor(google, 'socks5://own:1080')).toBe('socks5://own:1080')
      expect(transport.proxyFor(google, null)).toBe('http://global:3128')
      // The setting applies to loopback too: an explicit choice, unlike the environment.
      expect(transport.proxyFor('http://127.0.0.1:9000/token')).toBe('http://global:3128')
      setting = null
      expect(transport.proxyFor(google)).toBe('http://env:3128')
      expect(transport.proxyFor('http://127.0.0.1:9000/token')).toBeNull()
      const own = transport.agentFor(google, 'socks5://own:1080')
      expect(transport.agentFor(google, 'socks5://own:1080')).toBe(own)
      expect(transport.agentFor(google)).not.toBe(own)
      expect(transport.agentFor('http://127.0.0.1:9000/')).not.toBe(transport.agentFor(google))
    } finally {
      transport.close()
    }
  })
})

describe('proxy URLs', () => {
  it('accepts http, https, socks5 and socks5h with credentials; refuses the rest with an example', () => {
    for (const url of [
      'http://proxy:3128',
      'https://u:p@proxy.example',
      'socks5://127.0.0.1:1080',
      ' socks5h://user:p%40ss@[::1]:1080/ ',
    ])
      expect(checkOutboundProxyUrl(url).ok, url).toBe(true)
    for (const url of ['proxy:3128', 'ftp://proxy', 'socks4://p:1080', 'http://p:3128/path', ''])
      expect(checkOutboundProxyUrl(url), url).toMatchObject({
        ok: false,
        error: expect.stringContaining('socks5://'),
      })
  })

  it('shows a proxy with its password masked, and names it by host:port', () => {
    expect(redactProxyUrl('socks5://sam:hunter2@10.0.0.1:1080')).toBe(
      'socks5://sam:***@10.0.0.1:1080',
    )
    expect(redactProxyUrl('http://proxy:3128')).toBe('http://proxy:3128')
    expect(redactProxyUrl('sam:hunter2')).not.toContain('hunter2')
    expect(proxyAddress('http://proxy')).toBe('proxy:80')
    expect(proxyAddress('socks5h://u:p@proxy')).toBe('proxy:1080')
  })
})
