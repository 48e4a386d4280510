import type { TokenPool } from '../pool/token-pool'
import type { ModelRoute } from './model-routing'
import { customAliasNames, routeModel } from './model-routing'

/** What Antigravity serves today, for when no account's model list has been fetched yet. */
export const knownCloudCodeModels = [
  'gemini-2.5-flash',
  'gemini-2.5-flash-lite',
  'gemini-2.5-pro',
  'gemini-3-flash',
  'gemini-3-pro-high',
  'gemini-3-pro-low',
  'gemini-3.1-pro-high',
  'gemini-3.1-pro-low',
  'gemini-3.1-flash-image',
  'claude-sonnet-4-6',
  'claude-sonnet-4-6-thinking',
  'claude-opus-4-6-thinking',
  'gpt-oss-120b-medium',
] as const

/** Cloud Code also lists its internal models (`chat_20706`, tab completion); clients cannot use them. */
const isClientModel = (name: string): boolean => /^(gemini|claude|gpt)-/.test(name)

export interface ModelCatalog {
  /** The Cloud Code models the accounts serve. */
  available(): string[]
  /** What clients may ask for: the served models and the user's own aliases, sorted. */
  names(): string[]
  /** The Cloud Code model that serves a client's model name. */
  resolve(requested: string): ModelRoute
}

export function createModelCatalog(
  pool: TokenPool,
  customMapping: () => Record<string, string>,
): ModelCatalog {
  const available = (): string[] => {
    const fetched = pool.quotaModels().filter(isClientModel)
    return fetched.length > 0 ? fetched : [...knownCloudCodeModels]
  }
  return {
    available,
    names: () => [...new Set([...available(), ...customAliasNames(customMapping())])].sort(),
    resolve: (requested) => routeModel(requested, customMapping(), available()),
  }
}
