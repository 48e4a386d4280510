import type { Response } from 'express'

/** Headers every streamed answer carries, whatever the protocol. */
export function startEventStream(res: Response): void {
  res.status(200)
  res.setHeader('content-type', 'text/event-stream; charset=utf-8')
  res.setHeader('cache-control', 'no-cache')
  res.setHeader('connection', 'keep-alive')
  res.setHeader('x-accel-buffering', 'no')
  res.flushHeaders()
}

/** OpenAI and Gemini frame events as `data: <json>`. */
export const writeDataEvent = (res: Response, data: unknown): void => {
  res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`)
}

/** Anthropic names each event too. */
export const writeNamedEvent = (res: Response, event: string, data: unknown): void => {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
}
