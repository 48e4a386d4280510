import { AgtrayError } from '../agtray-error'

/**
 * How deep objects and arrays nest in a JSON text, counted on the raw bytes before parsing: a
 * 10 KB body nested 5,000 deep parses fine but overflows the stack of every recursive walk after
 * (serialising it again, cleaning a schema). No real client nests anywhere near the limit.
 */
export const MAX_JSON_DEPTH = 128

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_BRACE = 0x7b
const OPEN_BRACKET = 0x5b
const CLOSE_BRACE = 0x7d
const CLOSE_BRACKET = 0x5d

/** True when the text nests deeper than `max`; strings (and what they contain) do not count. */
export function nestsDeeperThan(bytes: Uint8Array, max: number = MAX_JSON_DEPTH): boolean {
  let depth = 0
  let inString = false
  for (let index = 0; index < bytes.length; index++) {
    const byte = bytes[index]
    if (inString) {
      if (byte === BACKSLASH) index++
      else if (byte === QUOTE) inString = false
    } else if (byte === QUOTE) inString = true
    else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
      if (++depth > max) return true
    } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) depth--
  }
  return false
}

/** An error body-parser turns into a 400 with this message (express.json's `verify` hook). */
export class JsonTooDeepError extends AgtrayError {
  readonly status = 400
  readonly type = 'entity.too.deep'
  constructor() {
    super(
      'invalid_input',
      `The request body nests objects or arrays more than ${MAX_JSON_DEPTH} levels deep`,
    )
  }
}

/** For `express.json({ verify })`: refuses a too-deep body before it is parsed. */
export function refuseDeepJson(_req: unknown, _res: unknown, buffer: Buffer): void {
  if (nestsDeeperThan(buffer)) throw new JsonTooDeepError()
}
