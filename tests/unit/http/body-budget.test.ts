import { request as httpRequest } from 'node:http'
import type { ClientRequest, Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import express from 'express'
import { afterEach, describe, expect, it } from 'vitest'
import { createBodyBudget, parseByteSize } from '../../../src/core/http/body-limits'

let server: Server | null = null
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(null)))
  server = null
})

/** An app that reads each body whole, behind a budget of 100 bytes of large bodies. */
async function start(maxWaitMs = 5_000): Promise<string> {
  const app = express()
  app.use(
    createBodyBudget({
      budget: 100,
      smallBody: 10,
      unknownSize: 100,
      maxWaitMs,
      refuse: (_req, res) => res.status(503).json({ busy: true }),
    }),
  )
  app.post('/', express.text({ type: '*/*' }), (req, res) => res.json({ read: String(req.body) }))
  server = app.listen(0, '127.0.0.1')
  await new Promise((resolve) => server!.once('listening', resolve))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
}

/** Starts a POST of `length` bytes and sends only `first` of them for now. */
function post(url: string, length: number, first: string) {
  let settled = false
  const req: ClientRequest = httpRequest(url, {
    method: 'POST',
    headers: { 'content-length': length, 'content-type': 'text/plain' },
  })
  const answered = new Promise<number>((resolve, reject) => {
    req.on('response', (res) => {
      res.resume()
      res.on('end', () => {
        settled = true
        resolve(res.statusCode ?? 0)
      })
    })
    req.on('error', reject)
  })
  req.write(first)
  return { answered, settled: () => settled, finish: (rest: string) => req.end(rest) }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('the large-body budget', () => {
  it('lets a second large body wait until the first is read, small ones never', async () => {
    const url = await start()
    const first = post(url, 80, 'a'.repeat(40))
    await sleep(50)
    const second = post(url, 80, 'b'.repeat(80))
    const small = post(url, 5, 'ccccc')
    expect(await small.answered).toBe(200)
    await sleep(100)
    // 80 + 80 is over the budget: the second waits while the first is still arriving.
    expect(second.settled()).toBe(false)
    first.finish('a'.repeat(40))
    expect(await first.answered).toBe(200)
    expect(await second.answered).toBe(200)
  })

  it('turns a request away when its turn does not come in time', async () => {
    const url = await start(200)
    const first = post(url, 80, 'a')
    await sleep(50)
    const second = post(url, 80, 'b'.repeat(80))
    expect(await second.answered).toBe(503)
    first.finish('a'.repeat(79))
    expect(await first.answered).toBe(200)
  })
})

describe('parseByteSize', () => {
  it('reads sizes as the body parser does', () => {
    expect(parseByteSize('64kb')).toBe(65_536)
    expect(parseByteSize('100mb')).toBe(104_857_600)
    expect(parseByteSize('12')).toBe(12)
    expect(() => parseByteSize('lots')).toThrow(/not a size/)
  })
})
