/**
 * Which Cloud Code model serves a requested model name. Clients ask for names Antigravity does
 * not know (`gpt-4o`, `claude-3-5-sonnet-20241022`, dated Claude ids); the reference maps them to
 * models that exist. The user's mapping (settings `proxy.custom_mapping`) wins over the built-in
 * one; in each, an exact key wins over `*` patterns, and the pattern with the most literal
 * characters wins among patterns. Unknown names pass through unchanged.
 */
export const builtInModelMapping: Readonly<Record<string, string>> = {
  'claude-sonnet-4-5': 'claude-sonnet-4-6',
  'claude-sonnet-4-5-thinking': 'claude-sonnet-4-6-thinking',
  'claude-sonnet-4-*': 'claude-sonnet-4-6',
  'claude-3-5-sonnet-*': 'claude-sonnet-4-6',
  'claude-3-7-sonnet-*': 'claude-sonnet-4-6',
  'claude-opus-4': 'claude-opus-4-6-thinking',
  'claude-opus-4-5-thinking': 'claude-opus-4-6-thinking',
  'claude-opus-4-6': 'claude-opus-4-6-thinking',
  'claude-opus-4-*': 'claude-opus-4-6-thinking',
  'claude-haiku-4*': 'claude-sonnet-4-6',
  'claude-3-haiku-*': 'claude-sonnet-4-6',
  'claude-3-5-haiku-*': 'claude-sonnet-4-6',
  'gpt-4*': 'gemini-2.5-flash',
  'gpt-3.5-turbo*': 'gemini-2.5-flash',
  'gemini-3-pro': 'gemini-3-pro-preview',
  'gemini-3.1-pro': 'gemini-3.1-pro-preview',
  'gemini-2.5-flash-lite': 'gemini-2.5-flash',
  'internal-background-task': 'gemini-2.5-flash',
  // Concrete ids map to themselves so a broad user pattern cannot swallow them by accident.
  'claude-sonnet-4-6': 'claude-sonnet-4-6',
  'claude-sonnet-4-6-thinking': 'claude-sonnet-4-6-thinking',
  'claude-opus-4-6-thinking': 'claude-opus-4-6-thinking',
}

export type ModelRouteSource = 'custom' | 'built-in' | 'passthrough'

export interface ModelRoute {
  requested: string
  model: string
  source: ModelRouteSource
}

const isPattern = (key: string): boolean => key.includes('*')

const patternToRegExp = (pattern: string): RegExp =>
  new RegExp(`^${pattern.split('*').map(escapeRegExp).join('.*')}$`)

const escapeRegExp = (text: string): string => text.replace(/[.+?^${}()|[\]\\]/g, '\\$&')

const literalLength = (pattern: string): number => pattern.replaceAll('*', '').length

function lookup(table: Readonly<Record<string, string>>, model: string): string | undefined {
  const exact = table[model]
  if (exact !== undefined && !isPattern(model)) return exact
  let best: { key: string; target: string } | null = null
  for (const [key, target] of Object.entries(table)) {
    if (!isPattern(key) || !patternToRegExp(key).test(model)) continue
    if (!best || literalLength(key) > literalLength(best.key)) best = { key, target }
  }
  return best?.target
}

/** Strips the `models/` prefix Gemini clients put on names. */
export const bareModelName = (model: string): string => model.replace(/^models\//, '')

export function routeModel(
  requested: string,
  customMapping: Readonly<Record<string, string>>,
): ModelRoute {
  const name = bareModelName(requested.trim())
  const custom = lookup(customMapping, name)
  if (custom) return { requested: name, model: custom, source: 'custom' }
  const builtIn = lookup(builtInModelMapping, name)
  if (builtIn) return { requested: name, model: builtIn, source: 'built-in' }
  return { requested: name, model: name, source: 'passthrough' }
}

/** Names clients may ask for: every exact alias (patterns are not names). */
export const aliasNames = (customMapping: Readonly<Record<string, string>>): string[] =>
  [...Object.keys(builtInModelMapping), ...Object.keys(customMapping)].filter(
    (key) => !isPattern(key),
  )
