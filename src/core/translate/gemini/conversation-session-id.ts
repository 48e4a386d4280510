import { createHash } from 'node:crypto'

/** A shorter text ("hi") says little about the conversation: the turn's reminders then count too. */
const MIN_TEXT_LENGTH = 3

/**
 * Text a client injects into user turns that says nothing about the conversation (reminders
 * differ between clients' versions and sessions, the question does not).
 */
const isInjected = (text: string): boolean =>
  text.includes('<system-reminder>') || text.trimStart().startsWith('[System')

/** A user turn's text parts (thoughts aside): all of them, and those that are not reminders. */
function turnTexts(content: unknown): { all: string; own: string } {
  const none = { all: '', own: '' }
  if (!content || typeof content !== 'object') return none
  const { role, parts } = content as { role?: unknown; parts?: unknown }
  if (role !== 'user' || !Array.isArray(parts)) return none
  const all: string[] = []
  const own: string[] = []
  for (const part of parts) {
    if (!part || typeof part !== 'object') continue
    const { text, thought } = part as { text?: unknown; thought?: unknown }
    if (typeof text !== 'string' || thought === true) continue
    all.push(text)
    if (!isInjected(text)) own.push(text)
  }
  return { all: all.join(' ').trim(), own: own.join(' ').trim() }
}

/**
 * A conversation's id when its client names none: `sid-` and 16 hex digits of SHA-256 over its
 * first user turn's text (the reference's recipe). History does not change from one turn to the
 * next, so every turn gets the same id. The text without reminders is used when it says enough;
 * a first turn of "hi" after Factory's reminders is hashed with them. Undefined when no user turn
 * has text (no affinity then).
 */
export function conversationSessionId(request: { contents?: unknown }): string | undefined {
  if (!Array.isArray(request.contents)) return undefined
  for (const content of request.contents) {
    const { all, own } = turnTexts(content)
    if (all === '') continue
    const text = own.length >= MIN_TEXT_LENGTH ? own : all
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
