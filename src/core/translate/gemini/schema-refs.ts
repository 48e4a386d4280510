import type { Schema } from './schema-keywords'
import {
  isSchemaObject,
  schemaListKeywords,
  schemaMapKeywords,
  singleSchemaKeywords,
} from './schema-keywords'

/** Deeper chains than this are treated like a cycle; real tool schemas are far shallower. */
const MAX_REF_DEPTH = 16
/** A ref used in many places multiplies the schema; past this many inlinings refs become hints. */
const MAX_INLINED = 500

const containers = new Set(['$defs', 'definitions'])

/**
 * Google knows neither `$ref` nor `$defs`, so every local ref is replaced by a copy of its
 * target and the definition containers are dropped. Definitions are looked up at every depth,
 * because MCP servers declare them deep inside and still refer to them as `#/$defs/Name`.
 * A cycle or a ref we cannot resolve becomes an object schema that names it ("See: Name").
 * Returns a new tree; the input is not touched.
 */
export function inlineRefs(root: Schema): Schema {
  const definitions = collectDefinitions(root)
  let inlined = 0

  const resolve = (ref: string): unknown => {
    if (!ref.startsWith('#')) return undefined
    const fragment = ref.slice(1)
    if (fragment === '') return root
    if (!fragment.startsWith('/')) return definitions.get(fragment)
    const segments = fragment.slice(1).split('/').map(decodeSegment)
    const direct = followPointer(root, segments)
    if (direct !== undefined) return direct
    const container = segments.at(-2)
    const name = segments.at(-1)
    return container !== undefined && containers.has(container) && name !== undefined
      ? definitions.get(name)
      : undefined
  }

  const expand = (node: unknown, stack: readonly unknown[]): unknown => {
    if (!isSchemaObject(node)) return node
    if (typeof node.$ref !== 'string') return expandKeywords(node, stack)
    const { $ref: ref, ...rest } = node
    const siblings = expandKeywords(rest, stack)
    const target = resolve(ref)
    const usable =
      (isSchemaObject(target) || typeof target === 'boolean') &&
      !stack.includes(target) &&
      stack.length < MAX_REF_DEPTH &&
      inlined < MAX_INLINED
    if (!usable) return unresolved(ref, siblings)
    inlined += 1
    const copy = expand(target, [...stack, target])
    if (Object.keys(siblings).length === 0) return copy
    // Keywords next to a $ref narrow the target, which is exactly what allOf means.
    const others = Array.isArray(siblings.allOf) ? siblings.allOf : []
    return { ...siblings, allOf: [copy, ...others] }
  }

  const expandKeywords = (node: Schema, stack: readonly unknown[]): Schema =>
    Object.fromEntries(
      Object.entries(node)
        .filter(([key]) => !containers.has(key))
        .map(([key, value]): [string, unknown] => {
          if (schemaMapKeywords.has(key) && isSchemaObject(value)) {
            const entries = Object.entries(value).map(([name, inner]) => [
              name,
              expand(inner, stack),
            ])
            return [key, Object.fromEntries(entries)]
          }
          if ((schemaListKeywords.has(key) || key === 'items') && Array.isArray(value)) {
            return [key, value.map((inner) => expand(inner, stack))]
          }
          return [key, singleSchemaKeywords.has(key) ? expand(value, stack) : value]
        }),
    )

  return expand(root, [root]) as Schema
}

function unresolved(ref: string, siblings: Schema): Schema {
  const hint = `See: ${refName(ref)}`
  const description =
    typeof siblings.description === 'string' && siblings.description !== ''
      ? `${siblings.description} (${hint})`
      : hint
  return { type: 'object', ...siblings, description }
}

/** The last segment of a ref, for humans: `#/$defs/Node` -> `Node`. */
function refName(ref: string): string {
  const name = ref
    .split(/[/#]/)
    .filter((segment) => segment !== '')
    .at(-1)
  return name === undefined ? 'root' : decodeSegment(name)
}

function decodeSegment(segment: string): string {
  let text = segment
  try {
    text = decodeURIComponent(segment)
  } catch {
    // A stray % is just a character of the name.
  }
  return text.replaceAll('~1', '/').replaceAll('~0', '~')
}

function followPointer(root: unknown, segments: readonly string[]): unknown {
  let node = root
  for (const segment of segments) {
    if (Array.isArray(node)) node = node[Number(segment)]
    else if (isSchemaObject(node) && Object.hasOwn(node, segment)) node = node[segment]
    else return undefined
  }
  return node
}

/** Every `$defs` / `definitions` entry by name, outermost first (it wins a name clash). */
function collectDefinitions(root: Schema): Map<string, unknown> {
  const found = new Map<string, unknown>()
  const seen = new Set<unknown>()
  const queue: unknown[] = [root]
  for (let node = queue.shift(); node !== undefined; node = queue.shift()) {
    if (!isSchemaObject(node) || seen.has(node)) continue
    seen.add(node)
    for (const [key, value] of Object.entries(node)) {
      if (schemaMapKeywords.has(key) && isSchemaObject(value)) {
        for (const [name, inner] of Object.entries(value)) {
          if (containers.has(key) && !found.has(name)) found.set(name, inner)
          queue.push(inner)
        }
      } else if ((schemaListKeywords.has(key) || key === 'items') && Array.isArray(value)) {
        queue.push(...value)
      } else if (singleSchemaKeywords.has(key)) {
        queue.push(value)
      }
    }
  }
  return found
}
