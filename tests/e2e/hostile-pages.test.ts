import { existsSync } from 'node:fs'
import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Browser, Page } from 'playwright-core'
import { chromium } from 'playwright-core'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'

const CHROMIUM = process.env.AGTRAY_CHROMIUM ?? '/usr/bin/chromium'

let world: FakeGoogleWorld
let server: TestServer
let browser: Browser
let attacker: Server
let attackerUrl: string

/**
 * What a hostile page does once loaded: every way a page can send a request without the user's
 * help, at the AI routes (spend the user's accounts) and at the admin API (change them).
 */
const attackScript = (agtray: string) => `
  const chat = JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] })
  const gemini = JSON.stringify({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] })
  const tries = [
    fetch('${agtray}/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: chat }),
    fetch('${agtray}/v1/chat/completions', { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: chat }),
    fetch('${agtray}/v1beta/models/gemini-2.5-flash:generateContent', { method: 'POST', mode: 'no-cors', body: gemini }),
    fetch('${agtray}/v1/messages', { method: 'POST', mode: 'no-cors', body: chat }),
    fetch('${agtray}/api/proxy', { method: 'POST', mode: 'no-cors', body: '{"enabled":false}' }),
  ]
  Promise.allSettled(tries).then(() => {
    const frame = document.createElement('iframe')
    frame.name = 'sink'
    document.body.appendChild(frame)
    const form = document.createElement('form')
    form.method = 'POST'
    form.enctype = 'text/plain'
    form.target = 'sink'
    form.action = '${agtray}/v1/chat/completions'
    const input = document.createElement('input')
    input.name = chat.slice(0, -2) + ',"x":"'
    input.value = '"}'
    form.appendChild(input)
    document.body.appendChild(form)
    frame.onload = () => { document.title = 'done' }
    form.submit()
  })
`

const html = (script: string) =>
  `<!doctype html><title>attack</title><body><script>${script}</script>`

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)`)
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      // The attacker's name, once it resolves to this machine (DNS rebinding).
      '--host-resolver-rules=MAP rebind.test 127.0.0.1',
      // Chromium's own guard against public pages calling this machine (Private Network Access)
      // is off, as in browsers without it: agtray must hold on its own.
      '--disable-features=BlockInsecurePrivateNetworkRequests,PrivateNetworkAccessSendPreflights,LocalNetworkAccessChecks',
    ],
  })
  attacker = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html')
    res.end(html(attackScript(server.url)))
  })
  await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve))
  attackerUrl = `http://127.0.0.1:${(attacker.address() as AddressInfo).port}/`
})

afterAll(async () => {
  await browser?.close()
  await new Promise((resolve) => attacker?.close(resolve))
})

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  server = await startServerWithAna(world)
  return async () => closeFakeGoogleWorld({ ...world, server })
})

const googleCalls = () =>
  world.fake.callsTo('streamGenerateContent').length + world.fake.callsTo('generateContent').length

async function runAttack(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForFunction('document.title === "done"', undefined, { timeout: 15_000 })
}

describe('a hostile web page in the user’s browser', () => {
  it('on another local origin never reaches Google, and cannot switch the proxy off', async () => {
    const page = await browser.newPage()
    try {
      await runAttack(page, attackerUrl)
    } finally {
      await page.close()
    }
    expect(googleCalls()).toBe(0)
    // The requests did arrive, and were refused for lack of the key.
    const refused = server.logger.messages().filter((line) => /^POST \/v1\S* 401 /.test(line))
    expect(refused.length).toBeGreaterThanOrEqual(4)
    expect(server.core.proxyStatus().enabled).toBe(true)
  })

  it('whose name rebinds to this machine can neither read nor spend anything', async () => {
    const port = new URL(server.url).port
    const origin = `http://rebind.test:${port}`
    // After the rebind the page's requests are same-origin: no preflight, JSON allowed, and GETs
    // carry no Origin. Only the Host header still names the attacker.
    const sameOrigin = `
      const chat = JSON.stringify({ model: 'gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }] })
      const statusOf = (promise) => promise.then((r) => r.status, () => 'network error')
      Promise.all([
        statusOf(fetch('/health')),
        statusOf(fetch('/v1/models')),
        statusOf(fetch('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body: chat })),
      ]).then((statuses) => { window.statuses = statuses; document.title = 'done' })
    `
    const page = await browser.newPage()
    try {
      // The attacker's server answers the page itself; after that its name points here.
      await page.route(`${origin}/`, (route) =>
        route.fulfill({ contentType: 'text/html', body: html(sameOrigin) }),
      )
      await runAttack(page, `${origin}/`)
      expect(await page.evaluate('window.statuses')).toEqual([421, 421, 421])
    } finally {
      await page.close()
    }
    expect(googleCalls()).toBe(0)
  })
})
