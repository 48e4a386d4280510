import type {
  AnthropicStreamEvent,
  ContentBlock,
} from '../../../../src/core/translate/anthropic/anthropic-types'

/** Rebuilds the content blocks a client (the Anthropic SDK) would assemble from the events. */
export function assemble(events: readonly AnthropicStreamEvent[]): ContentBlock[] {
  const blocks: any[] = []
  const json = new Map<number, string>()
  for (const { event, data } of events) {
    const index = data.index as number
    if (event === 'content_block_start') blocks[index] = { ...(data.content_block as object) }
    if (event !== 'content_block_delta') continue
    const block = blocks[index]
    const delta = data.delta as Record<string, string>
    if (delta.type === 'text_delta') block.text += delta.text
    if (delta.type === 'thinking_delta') block.thinking += delta.thinking
    if (delta.type === 'signature_delta') block.signature += delta.signature
    if (delta.type === 'input_json_delta')
      json.set(index, (json.get(index) ?? '') + delta.partial_json)
  }
  for (const [index, text] of json) blocks[index].input = JSON.parse(text)
  return blocks
}

/**
 * Checks the order Anthropic clients rely on: message_start, ping, then blocks opened and closed
 * one at a time with indexes 0, 1, 2…, deltas only inside the open block, then message_delta and
 * message_stop. Returns the problems found (none when valid), so a failure says what broke.
 */
export function sequenceProblems(events: readonly AnthropicStreamEvent[]): string[] {
  const problems: string[] = []
  const names = events.map((item) => item.event)
  if (names[0] !== 'message_start' || names[1] !== 'ping')
    problems.push('must open with message_start, ping')
  if (names.at(-2) !== 'message_delta' || names.at(-1) !== 'message_stop')
    problems.push('must close with message_delta, message_stop')
  let open: number | null = null
  let next = 0
  for (const [position, { event, data }] of events.entries()) {
    const at = `${position} ${event}`
    if (data.type !== event) problems.push(`${at}: data.type is ${String(data.type)}`)
    if (event === 'message_start' && position !== 0) problems.push(`${at}: message_start again`)
    if (event === 'content_block_start') {
      if (open !== null) problems.push(`${at}: block ${open} still open`)
      if (data.index !== next) problems.push(`${at}: index ${String(data.index)}, expected ${next}`)
      open = data.index as number
      next += 1
    } else if (event === 'content_block_delta' || event === 'content_block_stop') {
      if (data.index !== open) problems.push(`${at}: index ${String(data.index)} is not open`)
      if (event === 'content_block_stop') open = null
    } else if (event === 'message_delta' && open !== null) {
      problems.push(`${at}: block ${open} still open`)
    }
  }
  return problems
}
