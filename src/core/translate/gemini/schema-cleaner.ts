import type { Schema, SchemaType } from './schema-keywords'
import { isSchemaObject, knownKeywords, typeName } from './schema-keywords'
import { foldCombinators, omitKeys, stringList } from './schema-merge'
import { inlineRefs } from './schema-refs'
import type { ScalarResult } from './schema-scalars'
import { cleanBoolean, cleanNumber, cleanString, describe } from './schema-scalars'
import { liftUnion, splitTypeList } from './schema-unions'

/**
 * Cleans one tool's JSON Schema (an `input_schema`, `parameters` or `parametersJsonSchema`)
 * into what Google's function declarations accept; see tests/fixtures/schema-rules.md. Google
 * parses `parameters` into a fixed protobuf Schema and refuses the whole request for one unknown
 * keyword, so the result is built from an allowlist: type (lower case), nullable, description,
 * enum (strings only), format (`enum`/`date-time` on strings), properties, required, items,
 * anyOf, propertyOrdering, min/max bounds, pattern, and a top-level title. Whatever the model
 * could still use (formats, exclusive bounds, enums on numbers, unresolvable refs) moves into
 * the description. Run it on each tool schema alone, never on messages or tool-call arguments:
 * their keys are data. The input is never modified.
 */
export function cleanToolSchema(schema: unknown): Record<string, unknown> {
  if (!isSchemaObject(schema)) return { type: 'object', properties: {} }
  return asParameters(cleanNode(inlineRefs(schema), 'object', true))
}

/** Rounds of folding are bounded: each lifts one level of allOf / anyOf nesting. */
const MAX_FOLDS = 16

/** Applies allOf folding, union lifting and type-list splitting until none changes the node. */
function normalize(raw: Schema): Schema {
  let node = raw
  for (let round = 0; round < MAX_FOLDS; round += 1) {
    const next = splitTypeList(liftUnion(foldCombinators(node)))
    if (next === node) break
    node = next
  }
  return node
}

/**
 * Google wants a type on every node outside a union ("type: must be specified when not using
 * one_of, any_of or all_of fields"), so an untyped nested schema, which accepts anything,
 * falls back to a string: the permissive choice the model can always produce.
 */
function cleanNode(raw: Schema, fallback: SchemaType, root = false): Schema {
  const node = normalize(raw)
  if (Array.isArray(node.anyOf)) return cleanUnion(node)
  const type = typeName(node.type) ?? inferType(node) ?? fallback
  const out: Schema = { type }
  let hints: string[] = []
  let nullable = node.nullable === true
  const scalar = (result: ScalarResult): void => {
    Object.assign(out, result.keywords)
    hints = result.hints
    nullable ||= result.nullable
  }
  if (type === 'string') scalar(cleanString(node))
  else if (type === 'number' || type === 'integer') scalar(cleanNumber(node))
  else if (type === 'boolean') scalar(cleanBoolean(node))
  else if (type === 'array') hints = cleanArray(node, out)
  else if (type === 'object') hints = cleanObject(node, out)
  if (nullable) out.nullable = true
  // Nested titles are known to upset some backends; the model only needs the words.
  const description = describe(root ? node.description : (node.description ?? node.title), hints)
  if (description !== undefined) out.description = description
  if (root && typeof node.title === 'string') out.title = node.title
  return out
}

function cleanUnion(node: Schema): Schema {
  const seen = new Set<string>()
  const branches: Schema[] = []
  for (const branch of node.anyOf as unknown[]) {
    const cleaned = cleanNode(isSchemaObject(branch) ? branch : {}, 'string')
    const key = JSON.stringify(cleaned)
    if (!seen.has(key)) branches.push(cleaned)
    seen.add(key)
  }
  const merged = branches.length > 1 ? mergeStringEnums(branches) : { branches }
  const parent: Schema = {}
  if (node.nullable === true) parent.nullable = true
  const description = describe(node.description ?? node.title, merged.hints ?? [])
  if (description !== undefined) parent.description = description
  const [only] = merged.branches
  if (merged.branches.length === 1 && only) return { ...only, ...parent }
  return { anyOf: merged.branches, ...parent }
}

/**
 * `anyOf: [{const: 'a'}, {const: 'b'}]` is an enum written the long way (and the spelling zed
 * users hit "Unknown name const ... any_of[1]" with); one string enum is simpler for Google.
 */
function mergeStringEnums(branches: Schema[]): { branches: Schema[]; hints?: string[] } {
  const plain = branches.every(
    (branch) =>
      branch.type === 'string' &&
      Array.isArray(branch.enum) &&
      Object.keys(branch).every((key) => key === 'type' || key === 'enum' || key === 'description'),
  )
  if (!plain) return { branches }
  const members = [...new Set(branches.flatMap((branch) => branch.enum as string[]))]
  const hints = branches
    .filter((branch) => typeof branch.description === 'string')
    .map((branch) => `${(branch.enum as string[]).join(' / ')}: ${String(branch.description)}`)
  return { branches: [{ type: 'string', enum: members }], hints }
}

function inferType(node: Schema): SchemaType | undefined {
  const has = (...keys: string[]): boolean => keys.some((key) => key in node)
  if (has('properties', 'required', 'additionalProperties', 'patternProperties')) return 'object'
  if (strayProperties(node).length > 0) return 'object'
  if (has('items', 'prefixItems', 'minItems', 'maxItems', 'uniqueItems')) return 'array'
  if (has('enum', 'const', 'minLength', 'maxLength', 'pattern', 'format')) return 'string'
  if (has('minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'multipleOf')) {
    return 'number'
  }
  return undefined
}

/** Google requires `items` on every array ("items: missing field"); a tuple becomes a union. */
function cleanArray(node: Schema, out: Schema): string[] {
  const hints: string[] = []
  const tuple = Array.isArray(node.prefixItems)
    ? node.prefixItems
    : Array.isArray(node.items)
      ? node.items
      : undefined
  if (tuple && tuple.length > 0) out.items = cleanNode({ anyOf: tuple }, 'string')
  else out.items = cleanNode(isSchemaObject(node.items) ? node.items : {}, 'string')
  for (const key of ['minItems', 'maxItems'] as const) {
    const value = node[key]
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) out[key] = value
  }
  if (node.uniqueItems === true) hints.push('unique items')
  return hints
}

function cleanObject(node: Schema, out: Schema): string[] {
  const declared = isSchemaObject(node.properties) ? Object.entries(node.properties) : []
  const properties: [string, Schema][] = []
  const promoted: string[] = []
  for (const [name, value] of [...declared, ...strayProperties(node)]) {
    if (properties.some(([known]) => known === name)) continue
    // MCP servers sometimes write `required: true` on the property itself.
    if (isSchemaObject(value) && value.required === true) promoted.push(name)
    const schema = propertySchema(value)
    if (schema) properties.push([name, schema])
  }
  const names = new Set(properties.map(([name]) => name))
  out.properties = Object.fromEntries(properties)
  const required = [...new Set([...stringList(node.required), ...promoted])].filter((name) =>
    names.has(name),
  )
  if (required.length > 0) out.required = required
  const ordering = [...new Set(stringList(node.propertyOrdering))].filter((name) => names.has(name))
  if (ordering.length > 0) out.propertyOrdering = ordering
  return names.size === 0 ? mapHints(node.additionalProperties) : []
}

/** A map-like object (`additionalProperties: {type: string}`) would otherwise read as `{}`. */
function mapHints(additional: unknown): string[] {
  if (additional === true) return ['any keys']
  if (!isSchemaObject(additional)) return []
  const type = typeName(additional.type)
  return [type ? `any keys; ${type} values` : 'any keys']
}

/**
 * A property value that is not a schema is repaired when its meaning is plain (`true`, or a
 * type name such as `"string"`) and dropped otherwise; `false` forbids the property.
 */
function propertySchema(value: unknown): Schema | undefined {
  if (value === true) return cleanNode({}, 'string')
  const shorthand = typeName(value)
  if (shorthand && shorthand !== 'null') return cleanNode({ type: shorthand }, 'string')
  if (!isSchemaObject(value)) return undefined
  return cleanNode(
    typeof value.required === 'boolean' ? omitKeys(value, ['required']) : value,
    'string',
  )
}

/**
 * Properties written straight into the schema instead of under `properties` (an MCP mistake
 * Google reports as `Unknown name "cornerRadius" at '...items'`): unknown keys whose value is
 * clearly a schema.
 */
function strayProperties(node: Schema): [string, unknown][] {
  return Object.entries(node).filter(
    ([key, value]) =>
      !knownKeywords.has(key) &&
      !key.startsWith('x-') &&
      isSchemaObject(value) &&
      (typeName(value.type) !== undefined || isSchemaObject(value.properties)),
  )
}

/**
 * `parameters` itself must be an object. A top-level union of objects (zod unions) becomes one
 * object with every branch's properties, required only where all branches require them.
 */
function asParameters(cleaned: Schema): Schema {
  const description = typeof cleaned.description === 'string' ? cleaned.description : undefined
  if (cleaned.type === 'object') return omitKeys(cleaned, ['nullable'])
  const branches = Array.isArray(cleaned.anyOf) ? (cleaned.anyOf as Schema[]) : []
  if (branches.length === 0 || branches.some((branch) => branch.type !== 'object')) {
    return { type: 'object', properties: {}, ...(description ? { description } : {}) }
  }
  const properties = branches.reduce<Schema>(
    (all, branch) => ({ ...(branch.properties as Schema), ...all }),
    {},
  )
  const [first, ...others] = branches.map((branch) => stringList(branch.required))
  const required = (first ?? []).filter((name) => others.every((list) => list.includes(name)))
  return {
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...(description ? { description } : {}),
  }
}
