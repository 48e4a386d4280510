import type { Readable } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import { createParser } from 'eventsource-parser'
import { AgtrayError } from '../../agtray-error'

/**
 * Calls `onData` with each SSE event's data as it arrives (CRLF or LF framing, events split
 * across chunks or characters split across chunks). Resolves when the stream ends.
 */
export function forEachSseData(stream: Readable, onData: (data: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const decoder = new StringDecoder('utf8')
    const parser = createParser({ onEvent: (event) => onData(event.data) })
    // These run inside the stream's own events: a throw there would escape every handler and end
    // the process, so it ends this answer instead.
    const feed = (text: string): boolean => {
      try {
        parser.feed(text)
        return true
      } catch (error) {
        stream.destroy()
        reject(error as Error)
        return false
      }
    }
    stream.on('data', (chunk: Buffer) => void feed(decoder.write(chunk)))
    stream.on('end', () => {
      // A last event without its blank line still counts.
      if (feed(`${decoder.end()}\n\n`)) resolve()
    })
    stream.on('error', reject)
    stream.on('close', () => resolve())
  })
}

/** Cloud Code's stream re-framed as the Gemini API's: `data: X` for each `data: {"response": X}`. */
export function unwrapResponseData(data: string): string {
  try {
    const parsed = JSON.parse(data) as unknown
    if (parsed && typeof parsed === 'object' && 'response' in parsed) {
      return JSON.stringify((parsed as { response: unknown }).response)
    }
    return data
  } catch {
    return data
  }
}

/** Google's answer was a 200 whose body holds no answer at all (not JSON, or empty). */
export class EmptyAnswerError extends AgtrayError {
  constructor(message: string) {
    super('google_unavailable', message)
    this.name = 'EmptyAnswerError'
  }
}

/** The Gemini events of a whole 200 answer; an answer without any is Google's failure, not ours. */
export function requireGeminiEvents<T>(text: string): T[] {
  const events = geminiEventsOfBody<T>(text)
  if (events.length === 0)
    throw new EmptyAnswerError(`Google answered 200 without an answer (${text.length} bytes)`)
  return events
}

/** Cloud Code wraps each event as `{"response": X}`; null when the data is not JSON. */
export function cloudCodeEventOf<T>(data: string): T | null {
  try {
    const parsed = JSON.parse(data) as { response?: T } | T
    if (parsed && typeof parsed === 'object' && 'response' in parsed)
      return (parsed as { response: T }).response
    return parsed as T
  } catch {
    return null
  }
}

/**
 * The Gemini events of a whole upstream body: SSE frames, or (some answers are plain JSON even on
 * the streaming method) the body itself as one event.
 */
export function geminiEventsOfBody<T>(text: string): T[] {
  const data: string[] = []
  const parser = createParser({ onEvent: (event) => data.push(event.data) })
  parser.feed(`${text}\n\n`)
  const events = data
    .map((item) => cloudCodeEventOf<T>(item))
    .filter((event): event is T => event !== null)
  if (events.length > 0) return events
  const single = cloudCodeEventOf<T>(text)
  return single ? [single] : []
}
