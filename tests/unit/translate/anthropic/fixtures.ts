import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { MessagesRequest } from '../../../../src/core/translate/anthropic/anthropic-request-schema'
import { messagesRequestSchema } from '../../../../src/core/translate/anthropic/anthropic-request-schema'
import type { GeminiResponse } from '../../../../src/core/translate/gemini/gemini-types'

const dir = path.join(__dirname, '../../../fixtures')

/** Fixtures are real captures of varied shape; tests index into them freely. */
export const jsonFixture = (name: string): any =>
  JSON.parse(readFileSync(path.join(dir, name), 'utf8'))

/** The `response` of each `data:` event of a Cloud Code capture (CRLF or LF framing). */
export const streamFixture = (name: string): GeminiResponse[] =>
  readFileSync(path.join(dir, name), 'utf8')
    .split(/\r?\n\r?\n/)
    .filter((block) => block.startsWith('data: '))
    .map(
      (block) =>
        (JSON.parse(block.slice('data: '.length)) as { response: GeminiResponse }).response,
    )

/** Every recorded Cloud Code stream, so a new capture is tested without editing a list. */
export const streamFixtures: readonly string[] = readdirSync(dir)
  .filter((name) => name.startsWith('cloudcode-stream-') && name.endsWith('.sse'))
  .sort()

/** A request as the route hands it over: parsed by the schema. */
export const parseRequest = (body: unknown): MessagesRequest => messagesRequestSchema.parse(body)

/** A minimal valid request around some messages. */
export const requestOf = (messages: unknown[], extra: Record<string, unknown> = {}) =>
  parseRequest({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages, ...extra })

export const meta = { id: 'msg_test', model: 'claude-sonnet-4-6' }
