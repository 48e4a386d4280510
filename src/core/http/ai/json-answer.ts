import type { Response } from 'express'

/**
 * Sends an AI answer as JSON, as `res.json` would but without its ETag: express hashes
 * every body it sends to offer conditional GETs, and no client revalidates the answer to a POST.
 */
export function sendJsonAnswer(res: Response, status: number, body: unknown): void {
  const text = JSON.stringify(body)
  res.statusCode = status
  res.setHeader('content-type', 'application/json; charset=utf-8')
  res.setHeader('content-length', Buffer.byteLength(text))
  res.end(text)
}
