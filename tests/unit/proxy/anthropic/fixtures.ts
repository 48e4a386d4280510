import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { GeminiResponse } from '../../../../src/core/proxy/gemini/gemini-types'

const dir = path.join(__dirname, '../../../fixtures')

export const jsonFixture = (name: string): any =>
  JSON.parse(readFileSync(path.join(dir, name), 'utf8'))

export const streamFixture = (name: string): GeminiResponse[] =>
  readFileSync(path.join(dir, name), 'utf8')
    .split(/\r?\n\r?\n/)
    .filter((block) => block.startsWith('data: '))
    .map(
      (block) =>
        (JSON.parse(block.slice('data: '.length)) as { response: GeminiResponse }).response,
    )

export const streamFixtures = [
  'cloudcode-stream-text-signature.sse',
  'cloudcode-stream-text-single-chunk.sse',
  'cloudcode-stream-thinking-functioncall.sse',
  'cloudcode-stream-functioncall-captured.sse',
  'cloudcode-stream-thought-text.sse',
  'cloudcode-stream-malformed-function-call.sse',
  'cloudcode-stream-claude-thinking-partial.sse',
] as const
