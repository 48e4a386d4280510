import { bestOfFamily } from './model-families'

/**
 * Which Cloud Code model serves a requested model name, in this order:
 * 1. the user's mapping (settings `proxy.custom_mapping`): an exact key, else the `*` pattern with
 *    the most literal characters; its target is used as written;
 * 2. a model Cloud Code serves, by its exact id;
 * 3. the best served model of the name's family (`claude-opus-5-5` → the newest Claude Opus,
 *    `gemini-3.1-pro-preview` → `gemini-3.1-pro-high`), so names clients send today keep working;
 * 4. the reference's aliases for other vendors' names (`gpt-4o` → `gemini-2.5-flash`);
 * 5. anything else goes to Google unchanged, which answers whether it knows it.
 */
export const builtInAliases: Readonly<Record<string, string>> = {
  'gpt-4*': 'gemini-2.5-flash',
  'gpt-3.5-turbo*': 'gemini-2.5-flash',
  'internal-background-task': 'gemini-2.5-flash',
}

export type ModelRouteSource = 'custom' | 'exact' | 'family' | 'alias' | 'passthrough'

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
  const exact = Object.hasOwn(table, model) ? table[model] : undefined
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

/**
 * @param available the Cloud Code model ids the accounts serve (their fetched model lists, else
 *   the built-in list).
 */
export function routeModel(
  requested: string,
  customMapping: Readonly<Record<string, string>>,
  available: readonly string[],
): ModelRoute {
  const name = bareModelName(requested.trim())
  const route = (model: string, source: ModelRouteSource): ModelRoute => ({
    requested: name,
    model,
    source,
  })
  const custom = lookup(customMapping, name)
  if (custom) return route(custom, 'custom')
  if (available.includes(name)) return route(name, 'exact')
  const family = bestOfFamily(name, available)
  if (family) return route(family, 'family')
  const alias = lookup(builtInAliases, name)
  if (alias) return route(alias, 'alias')
  return route(name, 'passthrough')
}

/** The user's own exact aliases, which clients may list and pick (patterns are not names). */
export const customAliasNames = (customMapping: Readonly<Record<string, string>>): string[] =>
  Object.keys(customMapping).filter((key) => !isPattern(key))
