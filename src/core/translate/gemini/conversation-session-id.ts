import { createHash } from 'node:crypto'

/** Shorter texts ("hi", "ok") would tie unrelated conversations to one id. */
const MIN_TEXT_LENGTH = 3

/**
 * Text a client injects into user turns that says nothing about the conversation (Claude Code's
 * reminders change between turns), so it must not be part of the hash.
 */
const isInjected = (text: string): boolean =>
  text.includes('<system-reminder>') || text.trimStart().startsWith('[System')

/** The words of a user turn that name the conversation: its text parts, thoughts and reminders aside. */
function turnText(content: unknown): string {
  if (!content || typeof content !== 'object') return ''
  const { role, parts } = content as { role?: unknown; parts?: unknown }
  if (role !== 'user' || !Array.isArray(parts)) return ''
  const texts: string[] = []
  for (const part of parts) {
    if (!part || typeof part !== 'object') continue
    const { text, thought } = part as { text?: unknown; thought?: unknown }
    if (typeof text === 'string' && thought !== true && !isInjected(text)) texts.push(text)
  }
  return texts.join(' ').trim()
}

/**
 * A conversation's id when its client names none: `sid-` and 16 hex digits of SHA-256 over its
 * first user turn's text (the reference's recipe), which every later turn repeats, so all turns
 * get the same id. Undefined when no user turn has text to go by (no affinity then).
 */
export function conversationSessionId(request: { contents?: unknown }): string | undefined {
  if (!Array.isArray(request.contents)) return undefined
  for (const content of request.contents) {
    const text = turnText(content)
    if (text.length < MIN_TEXT_LENGTH) continue
    return `sid-${createHash('sha256').update(text).digest('hex').slice(0, 16)}`
  }
  return undefined
}

/** The session id the request carries to Cloud Code: the client's own, else the derived one. */
export function sessionIdFor(request: {
  contents?: unknown
  sessionId?: unknown
}): string | undefined {
  if (typeof request.sessionId === 'string' && request.sessionId.trim() !== '')
    return request.sessionId
  return conversationSessionId(request)
}
