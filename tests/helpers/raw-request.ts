import type { IncomingHttpHeaders } from 'node:http'
import { request as httpRequest } from 'node:http'

export interface RawAnswer {
  /** 0 when the connection ended without an answer (a body agtray would not read). */
  status: number
  headers: IncomingHttpHeaders
  text: string
  /** The body parsed as JSON, or the text when it is not JSON. */
  body: any
}

/**
 * A request sent exactly as given, with the headers fetch will not let a test set (`Host`) and
 * bytes that need not be JSON: what a broken or hostile client, or a captured one, sends.
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string },
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const answer = (status: number, headers: IncomingHttpHeaders, text: string): void => {
      let body: unknown = text
      try {
        body = JSON.parse(text)
      } catch {
        // HTML, SSE or nothing: kept as text.
      }
      resolve({ status, headers, text, body })
    }
    const req = httpRequest(
      url,
      { method: options.method ?? 'POST', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        const done = () =>
          answer(res.statusCode ?? 0, res.headers, Buffer.concat(chunks).toString('utf8'))
        res.on('end', done)
        res.on('error', done)
      },
    )
    req.on('error', () => answer(0, {}, ''))
    req.end(options.body)
  })
}
