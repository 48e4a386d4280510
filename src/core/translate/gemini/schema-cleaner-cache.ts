import { cleanToolSchema } from './schema-cleaner'

/** Turns a client's tool schema into one Google's function declarations accept. */
export type SchemaCleaner = (schema: unknown) => Record<string, unknown>

/**
 * `cleanToolSchema` remembering its answers: agents send the same tools on every turn (Claude
 * Code's 12 schemas are 30 kB, and cleaning them took 0.35 ms of each request; their JSON, the
 * key, takes a sixth of that). The results are frozen, since every request with the same schema
 * shares one; the least recently used are forgotten past `maxEntries`.
 */
export function createCachedSchemaCleaner(maxEntries = 256): SchemaCleaner {
  const cleaned = new Map<string, Record<string, unknown>>()
  return (schema) => {
    const key = JSON.stringify(schema)
    if (key === undefined) return cleanToolSchema(schema)
    const known = cleaned.get(key)
    if (known) {
      cleaned.delete(key)
      cleaned.set(key, known)
      return known
    }
    const result = deepFreeze(cleanToolSchema(schema))
    cleaned.set(key, result)
    if (cleaned.size > maxEntries) cleaned.delete(cleaned.keys().next().value as string)
    return result
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const inner of Object.values(value)) deepFreeze(inner)
  }
  return value
}
