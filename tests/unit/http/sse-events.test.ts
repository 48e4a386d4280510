import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import {
  EmptyAnswerError,
  forEachSseData,
  requireGeminiEvents,
  unwrapResponseData,
} from '../../../src/core/http/ai/sse-events'

const fixture = (name: string): Buffer => readFileSync(path.join(__dirname, '../../fixtures', name))

/** The Gemini API's events for a Cloud Code stream arriving in these chunks. */
async function unwrapped(chunks: Buffer[]): Promise<any[]> {
  const out: string[] = []
  await forEachSseData(Readable.from(chunks), (data) => out.push(unwrapResponseData(data)))
  return out.map((data) => JSON.parse(data))
}

describe('forEachSseData with unwrapResponseData', () => {
  it('unwraps every event of a real CRLF-framed Cloud Code stream', async () => {
    const out = await unwrapped([fixture('cloudcode-stream-text-signature.sse')])
    expect(out).toHaveLength(3)
    expect(out[2].candidates[0].finishReason).toBe('STOP')
    expect(out[2].candidates[0].content.parts[0].thoughtSignature).toMatch(/^EmIK/)
    expect(out[0]).not.toHaveProperty('traceId')
  })

  it('gives the same result when the stream arrives one byte at a time, across multi-byte characters', async () => {
    const raw = fixture('cloudcode-stream-text-signature.sse')
    const bytewise = await unwrapped([...raw].map((byte) => Buffer.from([byte])))
    expect(bytewise).toEqual(await unwrapped([raw]))
    expect(JSON.stringify(bytewise)).toContain('İstediğin')
  })

  it('handles every recorded stream fixture', async () => {
    for (const name of [
      'cloudcode-stream-functioncall-captured.sse',
      'cloudcode-stream-thinking-functioncall.sse',
      'cloudcode-stream-thought-text.sse',
      'cloudcode-stream-malformed-function-call.sse',
      'cloudcode-stream-text-single-chunk.sse',
    ]) {
      const out = await unwrapped([fixture(name)])
      expect(out.length, name).toBeGreaterThan(0)
      for (const event of out) expect(event, name).toHaveProperty('candidates')
    }
  })

  it('turns a throw inside an event into a rejection, not an uncaught exception', async () => {
    const stream = Readable.from([fixture('cloudcode-stream-text-signature.sse')])
    await expect(
      forEachSseData(stream, () => {
        throw new Error('translator bug')
      }),
    ).rejects.toThrow('translator bug')
    expect(stream.destroyed).toBe(true)
  })
})

describe('requireGeminiEvents', () => {
  it('reads a plain JSON answer and an SSE one', () => {
    expect(requireGeminiEvents('{"response": {"candidates": []}}')).toEqual([{ candidates: [] }])
    expect(
      requireGeminiEvents(fixture('cloudcode-stream-text-single-chunk.sse').toString()),
    ).toHaveLength(1)
  })

  it('refuses a 200 that holds no answer', () => {
    expect(() => requireGeminiEvents('<html>Service moved</html>')).toThrow(EmptyAnswerError)
    expect(() => requireGeminiEvents('')).toThrow(EmptyAnswerError)
  })
})
