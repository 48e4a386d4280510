import type { IncomingMessage, ServerResponse } from 'node:http'
import type { CallLog } from './call-log'
import type { FakeCall, FakeEndpoint } from './types'

const MAX_BODY_BYTES = 32 * 1024 * 1024
export const JSON_TYPE = 'application/json; charset=UTF-8'

/**
 * One request and its answer. Every write is guarded, because the client may vanish mid-stream
 * and the fake may be closed under a pending answer; neither may crash the fake or the test run.
 */
export interface Exchange {
  readonly req: IncomingMessage
  readonly url: URL
  /** Aborts when the client goes away or the fake closes. */
  readonly signal: AbortSignal
  /** True once nothing more can be sent. */
  readonly gone: boolean
  readonly headersSent: boolean
  /** Opens this request's entry in the call log; the answer's status is filled in later. */
  record(endpoint: FakeEndpoint): FakeCall
  readBody(): Promise<Buffer>
  send(status: number, body: string, headers: Record<string, string>): void
  sendJson(status: number, body: unknown, headers?: Record<string, string>): void
  sendHtml(status: number, html: string): void
  redirect(location: string): void
  /** Starts a streamed answer; then write() pieces and end(). */
  open(status: number, headers: Record<string, string>): void
  write(text: string): void
  end(text?: string): void
  destroy(): void
}

export function createExchange(
  req: IncomingMessage,
  res: ServerResponse,
  log: CallLog,
  shutdown: AbortSignal,
): Exchange {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1')
  const clientGone = new AbortController()
  res.on('close', () => {
    if (!res.writableFinished) clientGone.abort()
  })
  // A write racing a disconnect reports here; the close handler already did what matters.
  res.on('error', () => undefined)
  const signal = AbortSignal.any([clientGone.signal, shutdown])
  let call: FakeCall | null = null

  const gone = (): boolean => res.destroyed || res.writableEnded || signal.aborted
  const open = (status: number, headers: Record<string, string>): void => {
    if (gone() || res.headersSent) return
    if (call) call.status = status
    res.writeHead(status, headers)
  }

  const exchange: Exchange = {
    req,
    url,
    signal,
    get gone() {
      return gone()
    },
    get headersSent() {
      return res.headersSent
    },
    record(endpoint) {
      call = log.start(endpoint, req.headers)
      return call
    },
    async readBody() {
      const chunks: Buffer[] = []
      let size = 0
      for await (const chunk of req) {
        const buffer = chunk as Buffer
        size += buffer.length
        if (size > MAX_BODY_BYTES) throw new Error('fake-google: request body too large')
        chunks.push(buffer)
      }
      return Buffer.concat(chunks)
    },
    send(status, body, headers) {
      open(status, { ...headers, 'content-length': String(Buffer.byteLength(body)) })
      exchange.end(body)
    },
    sendJson(status, body, headers = {}) {
      const text = typeof body === 'string' ? body : JSON.stringify(body)
      exchange.send(status, text, { 'content-type': JSON_TYPE, ...headers })
    },
    sendHtml(status, html) {
      exchange.send(status, html, { 'content-type': 'text/html; charset=utf-8' })
    },
    redirect(location) {
      exchange.send(302, '', { location })
    },
    open,
    write(text) {
      if (!gone()) res.write(text)
    },
    end(text) {
      if (!gone()) res.end(text)
    },
    destroy() {
      res.destroy()
    },
  }
  return exchange
}

/** Waits, but gives up early when the signal aborts (callers then check `gone`). */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve()
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal.addEventListener('abort', done, { once: true })
  })
}

export function bearerToken(req: IncomingMessage): string | null {
  const header = req.headers.authorization
  if (!header) return null
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
  return match?.[1] ?? ''
}

export const isFormBody = (req: IncomingMessage): boolean =>
  /^application\/x-www-form-urlencoded\s*(;|$)/i.test(req.headers['content-type'] ?? '')

export function parseJson(raw: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(raw.toString('utf8')) }
  } catch {
    return { ok: false }
  }
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
