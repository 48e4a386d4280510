import type { TokenPool } from '../pool/token-pool'
import type { ModelRoute } from './model-routing'
import { aliasNames, routeModel } from './model-routing'

/** What Antigravity serves today, for when no account's quota has been fetched yet. */
export const knownCloudCodeModels = [
  'gemini-2.5-flash',
  'gemini-2.5-pro',
  'gemini-3-flash',
  'gemini-3-pro-high',
  'gemini-3-pro-low',
  'gemini-3.1-pro-high',
  'gemini-3.1-pro-low',
  'claude-sonnet-4-6',
  'claude-sonnet-4-6-thinking',
  'claude-opus-4-6-thinking',
  'gpt-oss-120b-medium',
] as const

export interface ModelCatalog {
  /** Models the pool can serve plus every exact alias, sorted, without duplicates. */
  names(): string[]
  /** The Cloud Code model that serves a client's model name. */
  resolve(requested: string): ModelRoute
}

export function createModelCatalog(
  pool: TokenPool,
  customMapping: () => Record<string, string>,
): ModelCatalog {
  return {
    names() {
      const fromQuota = pool.quotaModels().filter((name) => !name.startsWith('chat_'))
      const servable = fromQuota.length > 0 ? fromQuota : knownCloudCodeModels
      return [...new Set([...servable, ...aliasNames(customMapping())])].sort()
    },
    resolve: (requested) => routeModel(requested, customMapping()),
  }
}
