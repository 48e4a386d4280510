import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Readable } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { createSseTransform, unwrapResponseData } from '../../../src/core/proxy/sse-unwrap-stream'

const fixture = (name: string): Buffer => readFileSync(path.join(__dirname, '../../fixtures', name))

async function run(chunks: Buffer[]): Promise<string> {
  const out: string[] = []
  const stream = Readable.from(chunks).pipe(createSseTransform(unwrapResponseData))
  for await (const chunk of stream) out.push(String(chunk))
  return out.join('')
}

const events = (text: string): unknown[] =>
  text
    .split('\n\n')
    .filter(Boolean)
    .map((block) => JSON.parse(block.replace(/^data: /, '')))

describe('createSseTransform with unwrapResponseData', () => {
  it('unwraps every event of a real CRLF-framed Cloud Code stream', async () => {
    const raw = fixture('cloudcode-stream-text-signature.sse')
    const out = events(await run([raw]))
    expect(out).toHaveLength(3)
    const last = out[2] as {
      candidates: { content: { parts: { thoughtSignature?: string }[] }; finishReason: string }[]
    }
    expect(last.candidates[0]?.finishReason).toBe('STOP')
    expect(last.candidates[0]?.content.parts[0]?.thoughtSignature).toMatch(/^EmIK/)
    expect(out[0]).not.toHaveProperty('traceId')
  })

  it('gives the same result when the stream arrives one byte at a time, across multi-byte characters', async () => {
    const raw = fixture('cloudcode-stream-text-signature.sse')
    const whole = await run([raw])
    const bytewise = await run([...raw].map((byte) => Buffer.from([byte])))
    expect(bytewise).toBe(whole)
    expect(whole).toContain('İstediğin')
  })

  it('handles every recorded stream fixture', async () => {
    for (const name of [
      'cloudcode-stream-functioncall-captured.sse',
      'cloudcode-stream-thinking-functioncall.sse',
      'cloudcode-stream-thought-text.sse',
      'cloudcode-stream-malformed-function-call.sse',
      'cloudcode-stream-text-single-chunk.sse',
    ]) {
      const out = events(await run([fixture(name)]))
      expect(out.length, name).toBeGreaterThan(0)
      for (const event of out) expect(event, name).toHaveProperty('candidates')
    }
  })
})
