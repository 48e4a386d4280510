import { Transform } from 'node:stream'
import { StringDecoder } from 'node:string_decoder'
import type { EventSourceMessage } from 'eventsource-parser'
import { createParser } from 'eventsource-parser'

/**
 * Re-frames Cloud Code's SSE (`data: {"response": X, …}`, CRLF or LF) as the Gemini API's
 * (`data: X`), one event out per event in, as soon as each arrives: nothing is buffered beyond
 * the event being parsed.
 */
export function createSseTransform(mapData: (data: string) => string | null): Transform {
  // A chunk may end inside a multi-byte character; the decoder holds the partial bytes back.
  const decoder = new StringDecoder('utf8')
  const transform = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      parser.feed(decoder.write(chunk))
      done()
    },
    flush(done) {
      // A last event without its blank line still counts.
      parser.feed(`${decoder.end()}\n\n`)
      done()
    },
  })
  const parser = createParser({
    onEvent(event: EventSourceMessage) {
      const mapped = mapData(event.data)
      if (mapped !== null) transform.push(`data: ${mapped}\n\n`)
    },
  })
  return transform
}

export const unwrapResponseData = (data: string): string => {
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
