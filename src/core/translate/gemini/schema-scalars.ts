import type { Schema } from './schema-keywords'

/**
 * The keywords of string, number and boolean schemas. What Google refuses is moved into a
 * short description hint instead of being lost: the model still reads it.
 */

/** What one scalar node keeps, and the hints to append to its description. */
export interface ScalarResult {
  keywords: Schema
  hints: string[]
  /** An enum listed `null`: the value may be null. */
  nullable: boolean
}

/** `enum` or `const` as a list, whatever its member types; undefined when there is none. */
export function allowedValues(node: Schema): unknown[] | undefined {
  if (Array.isArray(node.enum)) return node.enum
  return 'const' in node ? [node.const] : undefined
}

/** Google's enum members are strings; numbers and the like are spelled out. */
export const enumText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value)

const nonNegativeInteger = (value: unknown): value is number =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0

const finite = (value: unknown): value is number =>
  typeof value === 'number' && Number.isFinite(value)

function splitNull(node: Schema): { values: unknown[] | undefined; nullable: boolean } {
  const values = allowedValues(node)
  if (!values) return { values, nullable: false }
  return { values: values.filter((v) => v !== null), nullable: values.includes(null) }
}

/** Formats Google accepts on STRING ("only 'enum' and 'date-time' are supported"). */
export function cleanString(node: Schema): ScalarResult {
  const keywords: Schema = {}
  const hints: string[] = []
  const { values, nullable } = splitNull(node)
  const members = [...new Set((values ?? []).map(enumText))]
  if (members.length > 0) keywords.enum = members
  const { format } = node
  if (format === 'date-time' || (format === 'enum' && members.length > 0)) keywords.format = format
  else if (typeof format === 'string' && format !== '' && format !== 'enum') {
    hints.push(`format: ${format}`)
  }
  if (nonNegativeInteger(node.minLength)) keywords.minLength = node.minLength
  if (nonNegativeInteger(node.maxLength)) keywords.maxLength = node.maxLength
  if (typeof node.pattern === 'string') keywords.pattern = node.pattern
  return { keywords, hints, nullable }
}

/**
 * Numbers keep minimum/maximum; exclusive bounds (a number since draft-06, a flag on
 * minimum/maximum in draft-04) and multipleOf become hints; an enum is listed in the hint, so
 * generated arguments keep their JSON type.
 */
export function cleanNumber(node: Schema): ScalarResult {
  const keywords: Schema = {}
  const hints = valueHints(node)
  const { nullable } = splitNull(node)
  for (const [bound, exclusive, sign] of [
    ['minimum', 'exclusiveMinimum', '>'],
    ['maximum', 'exclusiveMaximum', '<'],
  ] as const) {
    const inclusive = node[bound]
    const strict = node[exclusive]
    if (finite(strict)) hints.push(`${sign} ${strict}`)
    // Draft-04 spelled "exclusive" as a flag that turns the bound itself strict.
    if (strict === true && finite(inclusive)) hints.push(`${sign} ${inclusive}`)
    else if (finite(inclusive)) keywords[bound] = inclusive
  }
  if (finite(node.multipleOf)) hints.push(`multiple of ${node.multipleOf}`)
  return { keywords, hints, nullable }
}

export function cleanBoolean(node: Schema): ScalarResult {
  return { keywords: {}, hints: valueHints(node), nullable: splitNull(node).nullable }
}

/** "Allowed values: 1, 2" for an enum Google would refuse on this type. */
export function valueHints(node: Schema): string[] {
  const { values } = splitNull(node)
  return values && values.length > 0
    ? [`Allowed values: ${values.map((v) => JSON.stringify(v)).join(', ')}`]
    : []
}

/** "The URL (format: uri)": hints go after the author's text, or stand alone. */
export function describe(description: unknown, hints: readonly string[]): string | undefined {
  const text = typeof description === 'string' && description.trim() !== '' ? description : ''
  if (hints.length === 0) return text === '' ? undefined : text
  const joined = hints.join('; ')
  return text === '' ? joined : `${text} (${joined})`
}
