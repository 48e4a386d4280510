/**
 * What a user pastes into "add accounts": one or many refresh tokens in any text, or the JSON of
 * an export file. Returns the import input the account manager understands.
 */
export type PastedAccounts = { kind: 'json'; value: unknown } | { kind: 'tokens'; tokens: string[] }

/** Google refresh tokens start with `1//`. */
const REFRESH_TOKEN = /1\/\/[A-Za-z0-9_\-.]+/g

export function readPastedAccounts(text: string): PastedAccounts {
  const trimmed = text.trim()
  if (trimmed.startsWith('[') || trimmed.startsWith('{')) {
    try {
      return { kind: 'json', value: JSON.parse(trimmed) }
    } catch {
      // Not JSON after all: look for tokens in it.
    }
  }
  return { kind: 'tokens', tokens: [...new Set(trimmed.match(REFRESH_TOKEN) ?? [])] }
}
