/**
 * The conversation a request belongs to, as Cloud Code's `sessionId` (the Antigravity client
 * sends one per conversation, and so does agtray). Claude Code names its session in the
 * `x-claude-code-session-id` header; before that header existed, `metadata.user_id` named it,
 * and today that field is a JSON string whose `session_id` names it. Any other user_id is used
 * as it is, as before.
 */
export function sessionIdOf(
  sessionHeader: string | undefined,
  userId: string | null | undefined,
): string | undefined {
  if (sessionHeader && sessionHeader.trim() !== '') return sessionHeader.trim()
  if (!userId) return undefined
  return sessionIdInUserId(userId) ?? userId
}

function sessionIdInUserId(userId: string): string | undefined {
  if (!userId.startsWith('{')) return undefined
  try {
    const parsed: unknown = JSON.parse(userId)
    if (typeof parsed !== 'object' || parsed === null) return undefined
    const sessionId = (parsed as { session_id?: unknown }).session_id
    return typeof sessionId === 'string' && sessionId !== '' ? sessionId : undefined
  } catch {
    return undefined
  }
}
