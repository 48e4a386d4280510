import type { Schema } from './schema-keywords'
import { isSchemaObject } from './schema-keywords'

export const omitKeys = (node: Schema, keys: readonly string[]): Schema =>
  Object.fromEntries(Object.entries(node).filter(([key]) => !keys.includes(key)))

export const pickKeys = (node: Schema, keys: readonly string[]): Schema =>
  Object.fromEntries(Object.entries(node).filter(([key]) => keys.includes(key)))

export const stringList = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []

/**
 * Adds `extra`'s keywords to `base`, the way `allOf` combines schemas: `base` wins a clash,
 * except that properties and required names add up (a property both declare must satisfy both).
 */
export function mergeInto(base: Schema, extra: Schema): Schema {
  const merged: Schema = { ...extra, ...base }
  const own = isSchemaObject(base.properties) ? base.properties : undefined
  const added = isSchemaObject(extra.properties) ? extra.properties : undefined
  if (own && added) {
    const clashes = Object.keys(own).filter((name) => Object.hasOwn(added, name))
    merged.properties = {
      ...added,
      ...own,
      ...Object.fromEntries(clashes.map((name) => [name, { allOf: [own[name], added[name]] }])),
    }
  }
  const required = [...new Set([...stringList(base.required), ...stringList(extra.required)])]
  if (required.length > 0) merged.required = required
  return merged
}

/**
 * `allOf` is not in Google's Schema: its branches are folded into the node. `if`/`then`/`else`
 * cannot be expressed either; the properties they mention are kept (as optional), the condition
 * is dropped. Returns the node itself when there is nothing to fold.
 */
export function foldCombinators(node: Schema): Schema {
  const hasAllOf = Array.isArray(node.allOf)
  const hasCondition = 'if' in node || 'then' in node || 'else' in node
  if (!hasAllOf && !hasCondition && !('allOf' in node)) return node
  let merged = omitKeys(node, ['allOf', 'if', 'then', 'else'])
  for (const branch of hasAllOf ? (node.allOf as unknown[]) : []) {
    // `true` adds nothing; `false` (nothing is valid) cannot be said to Google at all.
    if (isSchemaObject(branch)) merged = mergeInto(merged, foldCombinators(branch))
  }
  for (const branch of [node.then, node.else]) {
    if (isSchemaObject(branch) && isSchemaObject(branch.properties)) {
      merged = mergeInto(merged, { properties: branch.properties })
    }
  }
  return merged
}
