/** Google refresh tokens start with `1//` (the same rule the core uses to read pasted text). */
const REFRESH_TOKEN = /1\/\/[A-Za-z0-9_\-.]+/g

/**
 * How many accounts a paste or a file holds, for the progress text only: the core decides what
 * the text really contains.
 */
export function countPastedAccounts(text: string): number {
  const trimmed = text.trim()
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      const value = JSON.parse(trimmed) as unknown
      if (Array.isArray(value)) return value.length
      const accounts = (value as { accounts?: unknown } | null)?.accounts
      return Array.isArray(accounts) ? accounts.length : 1
    } catch {
      // Not JSON after all: count the tokens in it.
    }
  }
  return new Set(trimmed.match(REFRESH_TOKEN) ?? []).size
}
