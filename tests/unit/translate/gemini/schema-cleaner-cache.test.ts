import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cleanToolSchema } from '../../../../src/core/translate/gemini/schema-cleaner'
import { createCachedSchemaCleaner } from '../../../../src/core/translate/gemini/schema-cleaner-cache'

const fixture = (name: string): any =>
  JSON.parse(readFileSync(path.join(__dirname, '../../../fixtures', name), 'utf8'))

/** Every tool schema of the real agent captures: what the cache sees turn after turn. */
const capturedSchemas = (): unknown[] => [
  ...fixture('claude-code-2.1.332.default-model.messages.request.json').tools.map(
    (tool: any) => tool.input_schema,
  ),
  ...fixture('codex-0.171.0.plain.responses.request.json')
    .tools.filter((tool: any) => tool.parameters)
    .map((tool: any) => tool.parameters),
  ...fixture('opencode-1.18.33.tool-turn.chat-completions.request.json').tools.map(
    (tool: any) => tool.function.parameters,
  ),
]

describe('createCachedSchemaCleaner', () => {
  it('answers what cleanToolSchema answers, on the first turn and on the next', () => {
    const clean = createCachedSchemaCleaner()
    const schemas = capturedSchemas()
    expect(schemas.length).toBeGreaterThan(20)
    for (const turn of [1, 2]) {
      for (const schema of schemas)
        expect(clean(schema), `turn ${turn}`).toEqual(cleanToolSchema(schema))
    }
  })

  it('keeps one request from changing the declarations the next one sends', () => {
    const clean = createCachedSchemaCleaner()
    const schema = { type: 'object', properties: { path: { type: 'string' } } }
    const first = clean(schema) as any
    expect(() => {
      first.properties.path.type = 'number'
    }).toThrow(TypeError)
    expect(clean(structuredClone(schema))).toEqual(cleanToolSchema(schema))
  })

  it('tells schemas apart by their content and forgets the least recently used', () => {
    const clean = createCachedSchemaCleaner(2)
    const schema = (name: string) => ({
      type: 'object',
      properties: { [name]: { type: 'string' } },
    })
    const a = clean(schema('a'))
    expect(clean(schema('b'))).not.toEqual(a)
    expect(clean(schema('a'))).toBe(a)
    clean(schema('c'))
    clean(schema('b'))
    // a was used before c and b: forgotten, so it is cleaned anew (equal, not the same object).
    const again = clean(schema('a'))
    expect(again).toEqual(a)
    expect(again).not.toBe(a)
  })
})
