import type { RpcErrorBody } from './google-errors'
import { badRequest, invalidArgument } from './google-errors'
import { isRecord } from './http-exchange'

/**
 * What Google refuses in `request.tools[].functionDeclarations[]`, with Google's own wording
 * (tests/fixtures/schema-rules.md, error-400-unknown-field-in-schema.json). Written
 * independently of agtray's cleaner on purpose: the fake is the judge, not a copy.
 *
 * Two stages, like the real service: `proto` problems stop the JSON-to-protobuf parse (all are
 * reported, one field violation each); only a request that parsed gets the `semantic` checks
 * (reported as "* GenerateContentRequest...: ..." lines).
 */
export interface ToolViolation {
  stage: 'proto' | 'semantic'
  /** 'request.tools[0].function_declarations[0].parameters...' for proto problems,
   * 'GenerateContentRequest.tools[0]...' for semantic ones. */
  field: string
  /** The whole sentence Google writes for this problem. */
  description: string
}

const SCHEMA_MESSAGE = 'type.googleapis.com/google.cloud.aiplatform.master.Schema'
const TYPE_ENUM = 'type.googleapis.com/google.cloud.aiplatform.master.Type'
const DECLARATION_MESSAGE = 'type.googleapis.com/google.cloud.aiplatform.master.FunctionDeclaration'

/**
 * The fields of Google's Schema message. `default` is one on newer public-API schemas, but
 * Antigravity answers 400 for it, and agtray must work there: the fake is the strictest backend.
 */
const schemaFields = new Set([
  'type',
  'format',
  'title',
  'description',
  'nullable',
  'enum',
  'items',
  'properties',
  'required',
  'propertyOrdering',
  'anyOf',
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minimum',
  'maximum',
  'minLength',
  'maxLength',
  'pattern',
  'example',
])
const stringFields = new Set(['format', 'title', 'description', 'pattern'])
const stringListFields = new Set(['enum', 'required', 'propertyOrdering'])
const int64Fields = new Set([
  'minItems',
  'maxItems',
  'minProperties',
  'maxProperties',
  'minLength',
  'maxLength',
])
const declarationFields = new Set([
  'name',
  'description',
  'parameters',
  'parametersJsonSchema',
  'response',
  'responseJsonSchema',
  'behavior',
])
const typeNames = new Set([
  'TYPE_UNSPECIFIED',
  'STRING',
  'NUMBER',
  'INTEGER',
  'BOOLEAN',
  'ARRAY',
  'OBJECT',
  'NULL',
])
const FUNCTION_NAME = /^[A-Za-z_][A-Za-z0-9_.:-]{0,63}$/

/** Proto JSON accepts a field by its lowerCamel or its original snake_case name. */
const camel = (key: string): string =>
  key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
const snake = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)
const field = (record: Record<string, unknown>, name: string): unknown =>
  record[name] ?? record[snake(name)]

const render = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 80 ? `${text.slice(0, 80)}...` : text
}

const proto = (fieldPath: string, description: string): ToolViolation => ({
  stage: 'proto',
  field: fieldPath,
  description,
})
const unknownName = (key: string, at: string): ToolViolation =>
  proto(at, `Invalid JSON payload received. Unknown name "${key}" at '${at}': Cannot find field.`)
const notRepeating = (key: string, at: string): ToolViolation =>
  proto(
    at,
    `Invalid JSON payload received. Unknown name "${key}" at '${at}': Proto field is not repeating, cannot start list.`,
  )
const invalidValue = (at: string, type: string, value: unknown): ToolViolation =>
  proto(at, `Invalid value at '${at}' (${type}), ${render(value)}`)
const semantic = (fieldPath: string, problem: string): ToolViolation => ({
  stage: 'semantic',
  field: fieldPath,
  description: `${fieldPath}: ${problem}`,
})

/** Every problem of the request's function declarations; empty when Google would accept them. */
export function toolDeclarationViolations(request: unknown): ToolViolation[] {
  const declarations = listDeclarations(request)
  const parsing = declarations.flatMap(({ value, path }) => declarationProtoViolations(value, path))
  if (parsing.length > 0) return parsing
  return declarations.flatMap(({ value, path }) =>
    declarationSemanticViolations(value as Record<string, unknown>, path),
  )
}

/** Google's 400 for those problems, or null when there are none. */
export function toolDeclarationError(request: unknown): RpcErrorBody | null {
  return violationsError(toolDeclarationViolations(request))
}

export function violationsError(violations: readonly ToolViolation[]): RpcErrorBody | null {
  if (violations.length === 0) return null
  if (violations.some((v) => v.stage === 'proto')) {
    return badRequest(
      violations.map((v) => v.description).join('\n'),
      violations.map((v) => ({ field: v.field, description: v.description })),
    )
  }
  return invalidArgument(violations.map((v) => `* ${v.description}\n`).join(''))
}

interface Located {
  value: unknown
  /** 'tools[0].function_declarations[1]', without the 'request.' / 'GenerateContentRequest.' head. */
  path: string
}

function listDeclarations(request: unknown): Located[] {
  if (!isRecord(request) || !Array.isArray(request.tools)) return []
  return request.tools.flatMap((tool: unknown, t) => {
    const list = isRecord(tool) ? field(tool, 'functionDeclarations') : undefined
    return Array.isArray(list)
      ? list.map((value: unknown, d) => ({
          value,
          path: `tools[${t}].function_declarations[${d}]`,
        }))
      : []
  })
}

function declarationProtoViolations(declaration: unknown, path: string): ToolViolation[] {
  const at = `request.${path}`
  if (!isRecord(declaration)) return [invalidValue(at, DECLARATION_MESSAGE, declaration)]
  const found: ToolViolation[] = []
  for (const key of Object.keys(declaration)) {
    if (!declarationFields.has(camel(key))) found.push(unknownName(key, at))
  }
  for (const name of ['parameters', 'parametersJsonSchema']) {
    const schema = field(declaration, name)
    if (schema !== undefined) schemaValue(schema, `${at}.${snake(name)}`, found)
  }
  return found
}

/** A value where a Schema message must be: an object, checked field by field. */
function schemaValue(value: unknown, at: string, found: ToolViolation[], key?: string): void {
  if (isRecord(value)) return schemaProto(value, at, found)
  if (Array.isArray(value) && key !== undefined)
    found.push(notRepeating(key, at.replace(/\.[^.]+$/, '')))
  else found.push(invalidValue(at, SCHEMA_MESSAGE, value))
}

function schemaProto(schema: Record<string, unknown>, at: string, found: ToolViolation[]): void {
  for (const [key, value] of Object.entries(schema)) {
    const name = camel(key)
    if (!schemaFields.has(name)) {
      found.push(unknownName(key, at))
      continue
    }
    const here = `${at}.${snake(name)}`
    if (name === 'type') {
      if (Array.isArray(value)) found.push(notRepeating(key, at))
      else if (typeof value !== 'string' || !typeNames.has(value.toUpperCase())) {
        found.push(invalidValue(here, TYPE_ENUM, value))
      }
    } else if (name === 'properties') {
      if (!isRecord(value)) found.push(invalidValue(here, SCHEMA_MESSAGE, value))
      else {
        Object.values(value).forEach((inner, index) =>
          schemaValue(inner, `${here}[${index}].value`, found),
        )
      }
    } else if (name === 'items') {
      schemaValue(value, here, found, key)
    } else if (name === 'anyOf') {
      if (!Array.isArray(value)) found.push(invalidValue(here, SCHEMA_MESSAGE, value))
      else value.forEach((inner: unknown, index) => schemaValue(inner, `${here}[${index}]`, found))
    } else if (stringListFields.has(name)) {
      if (!Array.isArray(value)) found.push(invalidValue(here, 'TYPE_STRING', value))
      else {
        value.forEach((item: unknown, index) => {
          if (typeof item !== 'string')
            found.push(invalidValue(`${here}[${index}]`, 'TYPE_STRING', item))
        })
      }
    } else if (stringFields.has(name) && typeof value !== 'string') {
      found.push(invalidValue(here, 'TYPE_STRING', value))
    } else if (name === 'nullable' && typeof value !== 'boolean') {
      found.push(invalidValue(here, 'TYPE_BOOL', value))
    } else if (int64Fields.has(name) && !isInt64(value)) {
      found.push(invalidValue(here, 'TYPE_INT64', value))
    } else if ((name === 'minimum' || name === 'maximum') && typeof value !== 'number') {
      found.push(invalidValue(here, 'TYPE_DOUBLE', value))
    }
  }
}

const isInt64 = (value: unknown): boolean =>
  (typeof value === 'number' && Number.isInteger(value)) ||
  (typeof value === 'string' && /^-?\d+$/.test(value))

function declarationSemanticViolations(
  declaration: Record<string, unknown>,
  path: string,
): ToolViolation[] {
  const at = `GenerateContentRequest.${path}`
  const found: ToolViolation[] = []
  const { name } = declaration
  if (typeof name !== 'string' || !FUNCTION_NAME.test(name)) {
    found.push(
      semantic(
        `${at}.name`,
        'Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.) or dashes (-), with a maximum length of 64.',
      ),
    )
  }
  for (const key of ['parameters', 'parametersJsonSchema']) {
    const schema = field(declaration, key)
    if (isRecord(schema)) schemaSemantics(schema, `${at}.${snake(key)}`, found)
  }
  return found
}

/** Runs only on schemas that parsed, so every field has its proto type here. */
function schemaSemantics(
  schema: Record<string, unknown>,
  at: string,
  found: ToolViolation[],
): void {
  const type = typeof schema.type === 'string' ? schema.type.toUpperCase() : undefined
  const anyOf = field(schema, 'anyOf')
  const union = Array.isArray(anyOf) && anyOf.length > 0
  const properties = isRecord(schema.properties) ? schema.properties : undefined
  if ((type === undefined || type === 'TYPE_UNSPECIFIED') && !union) {
    found.push(
      semantic(`${at}.type`, 'must be specified when not using one_of, any_of or all_of fields'),
    )
  }
  if (Array.isArray(schema.enum)) {
    if (type !== 'STRING') found.push(semantic(`${at}.enum`, 'only allowed for STRING type'))
    else if (schema.enum.length === 0) {
      found.push(semantic(`${at}.enum`, 'should be non-empty for STRING type with enum format'))
    }
  }
  const { format } = schema
  if (
    type === 'STRING' &&
    typeof format === 'string' &&
    format !== 'enum' &&
    format !== 'date-time'
  ) {
    found.push(
      semantic(`${at}.format`, "only 'enum' and 'date-time' are supported for STRING type"),
    )
  }
  if (type === 'ARRAY' && schema.items === undefined) {
    found.push(semantic(`${at}.items`, 'missing field.'))
  }
  const required = Array.isArray(schema.required) ? (schema.required as string[]) : []
  required.forEach((name, index) => {
    if (!properties || !Object.hasOwn(properties, name)) {
      found.push(semantic(`${at}.required[${index}]`, 'property is not defined'))
    }
  })
  for (const [name, inner] of Object.entries(properties ?? {})) {
    schemaSemantics(inner as Record<string, unknown>, `${at}.properties[${name}]`, found)
  }
  if (isRecord(schema.items)) schemaSemantics(schema.items, `${at}.items`, found)
  if (union) {
    ;(anyOf as Record<string, unknown>[]).forEach((inner, index) =>
      schemaSemantics(inner, `${at}.any_of[${index}]`, found),
    )
  }
}
