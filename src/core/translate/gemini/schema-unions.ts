import type { Schema, SchemaType } from './schema-keywords'
import { isSchemaObject, typeName } from './schema-keywords'
import { mergeInto, omitKeys, pickKeys } from './schema-merge'

/** Keywords that describe a node rather than constrain it; they stay on a union's parent. */
const annotations = ['description', 'title', 'nullable']

/** Keywords that give a union branch a shape of its own (not just a narrowing of its parent). */
const shapeKeywords = [
  'type',
  'properties',
  'items',
  'prefixItems',
  'enum',
  'const',
  'anyOf',
  'oneOf',
  'allOf',
]

/** Which keywords belong to which type, to split `type: ['string', 'array']` into branches. */
const keywordsOfType: Record<Exclude<SchemaType, 'null'>, readonly string[]> = {
  string: ['enum', 'const', 'format', 'minLength', 'maxLength', 'pattern'],
  number: [
    'enum',
    'const',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'multipleOf',
  ],
  integer: [
    'enum',
    'const',
    'minimum',
    'maximum',
    'exclusiveMinimum',
    'exclusiveMaximum',
    'multipleOf',
  ],
  boolean: ['enum', 'const'],
  array: ['items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems'],
  object: ['properties', 'required', 'additionalProperties', 'propertyOrdering'],
}

const withNullable = (node: Schema, nullable: boolean): Schema =>
  nullable ? { ...node, nullable: true } : node

/** `{type: 'null'}` and its spellings: how JSON Schema says "nullable" inside a union. */
export function isNullSchema(value: unknown): boolean {
  if (!isSchemaObject(value)) return false
  const { type } = value
  if (typeName(type) === 'null') return true
  if (Array.isArray(type) && type.length > 0 && type.every((t) => typeName(t) === 'null')) {
    return true
  }
  if ('const' in value && value.const === null) return true
  return Array.isArray(value.enum) && value.enum.length > 0 && value.enum.every((v) => v === null)
}

/**
 * anyOf / oneOf (oneOf's "exactly one" cannot be said to Google; anyOf is the closest). Null
 * branches become `nullable`; the parent's own constraints are copied into every branch
 * (P and (A or B) = (P and A) or (P and B)); one branch left means no union at all. A branch
 * that accepts anything, or only narrows the parent (`{required: [...]}`), makes the union
 * say nothing Google could check, so it is dropped. Returns the node itself when it has no union.
 */
export function liftUnion(node: Schema): Schema {
  const list = Array.isArray(node.anyOf)
    ? node.anyOf
    : Array.isArray(node.oneOf)
      ? node.oneOf
      : null
  if (list === null)
    return 'anyOf' in node || 'oneOf' in node ? omitKeys(node, ['anyOf', 'oneOf']) : node
  const rest = omitKeys(node, ['anyOf', 'oneOf'])
  let nullable = rest.nullable === true
  const branches: Schema[] = []
  for (const branch of list) {
    if (branch === false) continue
    if (isNullSchema(branch)) {
      nullable = true
      continue
    }
    const shaped = isSchemaObject(branch) && shapeKeywords.some((key) => key in branch)
    if (!shaped) return withNullable(rest, nullable)
    branches.push(branch)
  }
  if (branches.length === 0) return withNullable(rest, nullable)
  const shared = omitKeys(rest, annotations)
  const merged = branches.map((branch) => mergeInto(branch, shared))
  const parent = pickKeys(rest, annotations)
  if (merged.length === 1) return withNullable({ ...merged[0], ...parent }, nullable)
  return withNullable({ ...parent, anyOf: merged }, nullable)
}

/**
 * `type: ['string', 'null']` is refused by Google ("Proto field is not repeating"): one type
 * plus `nullable`, or an anyOf with one branch per type carrying that type's keywords.
 * Returns the node itself when `type` is not a list.
 */
export function splitTypeList(node: Schema): Schema {
  const { type } = node
  if (typeName(type) === 'null') return { ...omitKeys(node, ['type']), nullable: true }
  if (!Array.isArray(type)) return node
  const names = [...new Set(type.map(typeName))]
  const nullable = names.includes('null') || node.nullable === true
  const real = names.filter(
    (name): name is Exclude<SchemaType, 'null'> => !!name && name !== 'null',
  )
  const rest = omitKeys(node, ['type'])
  const [only] = real
  if (only === undefined) return withNullable(rest, nullable)
  if (real.length === 1) return withNullable({ ...rest, type: only }, nullable)
  const branches = real.map((name) => ({ type: name, ...pickKeys(rest, keywordsOfType[name]) }))
  return withNullable({ ...pickKeys(rest, annotations), anyOf: branches }, nullable)
}
