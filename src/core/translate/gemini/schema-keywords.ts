/**
 * Which JSON-Schema keywords hold sub-schemas. The cleaner walks schemas by these tables only,
 * so a property *named* `format`, `type` or `$defs` is never mistaken for a keyword, and data
 * (`enum`, `const`, `default`, `examples`) is never walked as if it were a schema.
 */

export type Schema = Record<string, unknown>

export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object' | 'null'

const schemaTypes: ReadonlySet<string> = new Set<SchemaType>([
  'string',
  'number',
  'integer',
  'boolean',
  'array',
  'object',
  'null',
])

/** Google accepts `STRING` and `string` alike; we always send lower case. */
export function typeName(value: unknown): SchemaType | undefined {
  if (typeof value !== 'string') return undefined
  const lower = value.toLowerCase()
  return schemaTypes.has(lower) ? (lower as SchemaType) : undefined
}

export const isSchemaObject = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Keywords whose value is one sub-schema. */
export const singleSchemaKeywords: ReadonlySet<string> = new Set([
  'items',
  'additionalItems',
  'additionalProperties',
  'contains',
  'else',
  'if',
  'not',
  'propertyNames',
  'then',
  'unevaluatedItems',
  'unevaluatedProperties',
])

/** Keywords whose value maps names to sub-schemas. */
export const schemaMapKeywords: ReadonlySet<string> = new Set([
  '$defs',
  'definitions',
  'dependentSchemas',
  'dependencies',
  'patternProperties',
  'properties',
])

/** Keywords whose value is a list of sub-schemas (`items` too, in draft-07 tuple form). */
export const schemaListKeywords: ReadonlySet<string> = new Set([
  'allOf',
  'anyOf',
  'oneOf',
  'prefixItems',
])

/** Every keyword of JSON Schema (draft-04 to 2020-12) and OpenAPI we know of. */
export const knownKeywords: ReadonlySet<string> = new Set([
  ...singleSchemaKeywords,
  ...schemaMapKeywords,
  ...schemaListKeywords,
  '$anchor',
  '$comment',
  '$dynamicAnchor',
  '$dynamicRef',
  '$id',
  '$ref',
  '$schema',
  '$vocabulary',
  'const',
  'contentEncoding',
  'contentMediaType',
  'contentSchema',
  'default',
  'dependentRequired',
  'deprecated',
  'description',
  'discriminator',
  'enum',
  'enumDescriptions',
  'enumTitles',
  'example',
  'examples',
  'exclusiveMaximum',
  'exclusiveMinimum',
  'format',
  'maxContains',
  'maxItems',
  'maxLength',
  'maxProperties',
  'maximum',
  'minContains',
  'minItems',
  'minLength',
  'minProperties',
  'minimum',
  'multipleOf',
  'nullable',
  'pattern',
  'propertyOrdering',
  'readOnly',
  'required',
  'title',
  'type',
  'uniqueItems',
  'writeOnly',
])
