import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cleanToolSchema } from '../../../../src/core/translate/gemini/schema-cleaner'
import type { ToolViolation } from '../../../fakes/google'
import { toolDeclarationViolations } from '../../../fakes/google'

const fixture = (name: string): any =>
  JSON.parse(readFileSync(path.join(__dirname, '../../../fixtures', name), 'utf8'))

type Spelling = 'parameters' | 'parametersJsonSchema'

/** What the fake Google says about these declarations (one tool block, in order). */
const violations = (
  tools: { name: string; schema: unknown }[],
  spelling: Spelling = 'parameters',
): ToolViolation[] =>
  toolDeclarationViolations({
    tools: [
      { functionDeclarations: tools.map(({ name, schema }) => ({ name, [spelling]: schema })) },
    ],
  })

/** Cleans, insists Google would take the result, and returns it. */
function clean(schema: unknown): Record<string, unknown> {
  const cleaned = cleanToolSchema(schema)
  expect(violations([{ name: 'tool', schema: cleaned }])).toEqual([])
  return cleaned
}

const obj = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  ...extra,
})
const str = { type: 'string' }

describe('cleanToolSchema', () => {
  describe('bookkeeping keywords', () => {
    it('deletes $schema, $id and $comment at every depth', () => {
      expect(
        clean({
          $schema: 'http://json-schema.org/draft-07/schema#',
          $id: 'https://example.com/tool.json',
          $comment: 'generated',
          type: 'object',
          properties: { a: { type: 'string', $comment: 'inner', $id: '#a' } },
        }),
      ).toEqual(obj({ a: str }))
    })
  })

  describe('$ref', () => {
    const address = obj({ city: str }, { required: ['city'] })

    it('inlines refs into $defs and definitions, then drops both containers', () => {
      expect(
        clean({
          type: 'object',
          properties: {
            home: { $ref: '#/$defs/Address' },
            work: { $ref: '#/definitions/Office', description: 'Where you work' },
          },
          $defs: { Address: address },
          definitions: { Office: obj({ floor: { type: 'integer' } }) },
        }),
      ).toEqual(
        obj({
          home: address,
          work: obj({ floor: { type: 'integer' } }, { description: 'Where you work' }),
        }),
      )
    })

    it('finds definitions declared deep inside, as MCP servers write them', () => {
      expect(
        clean(
          obj({
            item: {
              type: 'object',
              $defs: { Tag: { type: 'string', enum: ['red', 'blue'] } },
              properties: { tag: { $ref: '#/$defs/Tag' } },
            },
          }),
        ),
      ).toEqual(obj({ item: obj({ tag: { type: 'string', enum: ['red', 'blue'] } }) }))
    })

    it('turns a cycle into an object that names the definition', () => {
      expect(
        clean({
          type: 'object',
          properties: { root: { $ref: '#/$defs/Node' } },
          $defs: {
            Node: obj({ name: str, children: { type: 'array', items: { $ref: '#/$defs/Node' } } }),
          },
        }),
      ).toEqual(
        obj({
          root: obj({
            name: str,
            children: { type: 'array', items: obj({}, { description: 'See: Node' }) },
          }),
        }),
      )
    })

    it('turns an unresolvable ref into an object that names it', () => {
      expect(
        clean(
          obj({
            missing: { $ref: '#/$defs/Missing', description: 'Gone' },
            remote: { $ref: 'https://example.com/schemas/address.json' },
          }),
        ),
      ).toEqual(
        obj({
          missing: obj({}, { description: 'Gone (See: Missing)' }),
          remote: obj({}, { description: 'See: address.json' }),
        }),
      )
    })

    it('decodes JSON-pointer escapes', () => {
      expect(
        clean({ ...obj({ a: { $ref: '#/$defs/a~1b%20c' } }), $defs: { 'a/b c': str } }),
      ).toEqual(obj({ a: str }))
    })
  })

  describe('additionalProperties', () => {
    it('is dropped; a map-like object gets a hint instead of reading as {}', () => {
      expect(
        clean({
          type: 'object',
          additionalProperties: false,
          properties: {
            answers: {
              type: 'object',
              additionalProperties: { type: 'string' },
              description: 'Map',
            },
            anything: { type: 'object', additionalProperties: true },
          },
        }),
      ).toEqual(
        obj({
          answers: obj({}, { description: 'Map (any keys; string values)' }),
          anything: obj({}, { description: 'any keys' }),
        }),
      )
    })
  })

  describe('const and enum', () => {
    it('rewrites const to a one-member enum', () => {
      expect(clean(obj({ kind: { type: 'string', const: 'fixed' } }))).toEqual(
        obj({ kind: { type: 'string', enum: ['fixed'] } }),
      )
    })

    it('keeps enums on strings, stringifying members and typing an untyped enum as string', () => {
      expect(
        clean(
          obj({
            mode: { enum: ['a', 1, true, { x: 1 }] },
            level: { const: 3 },
            same: { type: 'string', enum: ['a', 'a', 'b'] },
          }),
        ),
      ).toEqual(
        obj({
          mode: { type: 'string', enum: ['a', '1', 'true', '{"x":1}'] },
          level: { type: 'string', enum: ['3'] },
          same: { type: 'string', enum: ['a', 'b'] },
        }),
      )
    })

    it('moves the allowed values of a non-string enum into the description', () => {
      expect(
        clean(
          obj({
            level: { type: 'integer', enum: [1, 2, 3], description: 'Level' },
            flag: { type: 'boolean', enum: [true] },
          }),
        ),
      ).toEqual(
        obj({
          level: { type: 'integer', description: 'Level (Allowed values: 1, 2, 3)' },
          flag: { type: 'boolean', description: 'Allowed values: true' },
        }),
      )
    })

    it('reads null in an enum as nullable and drops an empty enum', () => {
      expect(
        clean(obj({ a: { type: 'string', enum: ['x', null] }, b: { type: 'string', enum: [] } })),
      ).toEqual(obj({ a: { type: 'string', enum: ['x'], nullable: true }, b: str }))
    })
  })

  describe('type lists and unions', () => {
    it('turns [T, "null"] into T plus nullable, keeping the property required', () => {
      expect(
        clean({
          type: 'object',
          properties: { note: { type: ['string', 'null'], description: 'Optional note' } },
          required: ['note'],
        }),
      ).toEqual(
        obj(
          { note: { type: 'string', nullable: true, description: 'Optional note' } },
          { required: ['note'] },
        ),
      )
    })

    it('turns other type lists into anyOf, each branch with its own keywords', () => {
      expect(
        clean(
          obj({
            paths: {
              type: ['string', 'array', 'null'],
              items: { type: 'string' },
              minLength: 1,
              description: 'One path or many',
            },
          }),
        ),
      ).toEqual(
        obj({
          paths: {
            anyOf: [
              { type: 'string', minLength: 1 },
              { type: 'array', items: str },
            ],
            nullable: true,
            description: 'One path or many',
          },
        }),
      )
    })

    it('reads oneOf as anyOf and cleans every branch', () => {
      expect(
        clean(
          obj({
            id: {
              oneOf: [
                { type: 'string', format: 'uuid' },
                { type: 'integer', exclusiveMinimum: 0 },
              ],
            },
          }),
        ),
      ).toEqual(
        obj({
          id: {
            anyOf: [
              { type: 'string', description: 'format: uuid' },
              { type: 'integer', description: '> 0' },
            ],
          },
        }),
      )
    })

    it('lifts a union with one non-null branch into the property', () => {
      expect(
        clean(
          obj({ when: { anyOf: [{ type: 'string' }, { type: 'null' }], description: 'Maybe' } }),
        ),
      ).toEqual(obj({ when: { type: 'string', nullable: true, description: 'Maybe' } }))
    })

    it('merges a union of constants into one string enum', () => {
      expect(
        clean(obj({ size: { anyOf: [{ const: 's', description: 'small' }, { const: 'l' }] } })),
      ).toEqual(obj({ size: { type: 'string', enum: ['s', 'l'], description: 's: small' } }))
    })

    it('copies the parent’s own keywords into every branch', () => {
      expect(
        clean(
          obj({
            shape: {
              type: 'object',
              properties: { id: str },
              required: ['id'],
              anyOf: [
                { properties: { r: { type: 'number' } } },
                { properties: { w: { type: 'number' } } },
              ],
            },
          }),
        ),
      ).toEqual(
        obj({
          shape: {
            anyOf: [
              obj({ r: { type: 'number' }, id: str }, { required: ['id'] }),
              obj({ w: { type: 'number' }, id: str }, { required: ['id'] }),
            ],
          },
        }),
      )
    })

    it('drops a union that only narrows its parent', () => {
      expect(
        clean({
          ...obj({ a: str, b: str }),
          anyOf: [{ required: ['a'] }, { required: ['b'] }],
        }),
      ).toEqual(obj({ a: str, b: str }))
    })

    it('merges a top-level union of objects into one parameters object', () => {
      expect(
        clean({
          description: 'Either',
          anyOf: [
            obj({ a: str, both: str }, { required: ['a', 'both'] }),
            obj({ b: str, both: str }, { required: ['both'] }),
          ],
        }),
      ).toEqual(obj({ a: str, both: str, b: str }, { required: ['both'], description: 'Either' }))
    })
  })

  describe('format', () => {
    it('keeps only date-time and enum on strings; other formats become a hint', () => {
      expect(
        clean(
          obj({
            url: { type: 'string', format: 'uri', description: 'Link' },
            email: { type: 'string', format: 'email' },
            at: { type: 'string', format: 'date-time' },
            pick: { type: 'string', format: 'enum', enum: ['a'] },
            bare: { type: 'string', format: 'enum' },
            count: { type: 'integer', format: 'int32' },
          }),
        ),
      ).toEqual(
        obj({
          url: { type: 'string', description: 'Link (format: uri)' },
          email: { type: 'string', description: 'format: email' },
          at: { type: 'string', format: 'date-time' },
          pick: { type: 'string', enum: ['a'], format: 'enum' },
          bare: str,
          count: { type: 'integer' },
        }),
      )
    })
  })

  describe('keywords Google does not know', () => {
    it('drops them, keeping what the model can use as hints', () => {
      expect(
        clean(
          obj({
            n: {
              type: 'number',
              default: 1,
              examples: [1, 2],
              exclusiveMinimum: 0,
              exclusiveMaximum: 10,
              multipleOf: 0.5,
              deprecated: true,
              readOnly: true,
              writeOnly: false,
              minimum: -5,
              maximum: 5,
            },
            old: { type: 'number', minimum: 1, exclusiveMinimum: true },
            tags: {
              type: 'array',
              items: str,
              uniqueItems: true,
              contains: str,
              minContains: 1,
              maxContains: 2,
              minItems: 1,
              maxItems: 3,
            },
            word: {
              type: 'string',
              enumDescriptions: ['x'],
              minLength: 1,
              maxLength: 9,
              pattern: '^[a-z]+$',
              contentMediaType: 'text/plain',
              'x-google-extension': true,
            },
            map: {
              type: 'object',
              properties: { k: str },
              propertyNames: { pattern: '^k' },
              patternProperties: { '^x': str },
              dependencies: { k: ['j'] },
              dependentRequired: { k: ['j'] },
              dependentSchemas: { k: obj({}) },
              unevaluatedProperties: false,
              minProperties: 1,
              not: { required: ['z'] },
            },
          }),
        ),
      ).toEqual(
        obj({
          n: { type: 'number', minimum: -5, maximum: 5, description: '> 0; < 10; multiple of 0.5' },
          old: { type: 'number', description: '> 1' },
          tags: {
            type: 'array',
            items: str,
            minItems: 1,
            maxItems: 3,
            description: 'unique items',
          },
          word: { type: 'string', minLength: 1, maxLength: 9, pattern: '^[a-z]+$' },
          map: obj({ k: str }),
        }),
      )
    })

    it('drops nested titles, using one as the description when there is none', () => {
      expect(
        clean({
          title: 'Args',
          ...obj({
            a: { type: 'string', title: 'The A' },
            b: { ...str, title: 'B', description: 'bee' },
          }),
        }),
      ).toEqual({
        ...obj({ a: { type: 'string', description: 'The A' }, b: { ...str, description: 'bee' } }),
        title: 'Args',
      })
    })
  })

  describe('allOf and if/then/else', () => {
    it('merges allOf into one schema: properties and required add up, the parent wins', () => {
      expect(
        clean({
          description: 'Both',
          allOf: [
            obj({ a: str }, { required: ['a'], description: 'lost' }),
            { properties: { b: { type: 'integer' } }, required: ['b'] },
          ],
        }),
      ).toEqual(
        obj({ a: str, b: { type: 'integer' } }, { required: ['a', 'b'], description: 'Both' }),
      )
    })

    it('merges a property both branches declare', () => {
      expect(
        clean({
          allOf: [obj({ a: { type: 'string', description: 'A' } }), obj({ a: { minLength: 2 } })],
        }),
      ).toEqual(obj({ a: { type: 'string', minLength: 2, description: 'A' } }))
    })

    it('keeps the properties of then/else as optional and drops the condition', () => {
      expect(
        clean({
          ...obj({ kind: str }),
          if: { properties: { kind: { const: 'file' } } },
          then: { properties: { path: str }, required: ['path'] },
          else: { properties: { url: str } },
        }),
      ).toEqual(obj({ kind: str, path: str, url: str }))
    })
  })

  describe('shapes that are not schemas', () => {
    it('reads true as "anything" and false as a forbidden property', () => {
      expect(
        clean({
          type: 'object',
          properties: { any: true, never: false },
          required: ['any', 'never'],
        }),
      ).toEqual(obj({ any: str }, { required: ['any'] }))
    })

    it('repairs a bare type name and drops other non-schema property values', () => {
      expect(
        clean(obj({ name: 'string', count: 'INTEGER', n: 42, nothing: null, list: ['x'] })),
      ).toEqual(obj({ name: str, count: { type: 'integer' } }))
    })

    it('moves properties written outside `properties` (MCP) back in', () => {
      expect(
        clean(
          obj({
            shapes: {
              type: 'array',
              items: {
                type: 'object',
                cornerRadius: { type: 'number' },
                'x-ui': { type: 'string' },
              },
            },
          }),
        ),
      ).toEqual(
        obj({ shapes: { type: 'array', items: obj({ cornerRadius: { type: 'number' } }) } }),
      )
    })

    it('wraps a bare property map given as the whole schema', () => {
      expect(clean({ path: { type: 'string' }, depth: { type: 'integer' } })).toEqual(
        obj({ path: str, depth: { type: 'integer' } }),
      )
    })

    it('promotes `required: true` written on a property', () => {
      expect(
        clean(
          obj({ a: { type: 'string', required: true }, b: { type: 'string', required: false } }),
        ),
      ).toEqual(obj({ a: str, b: str }, { required: ['a'] }))
    })

    it.each([null, undefined, 'string', 42, true, [{ type: 'object' }]])(
      'answers an empty parameters object for %j',
      (input) => {
        expect(clean(input)).toEqual(obj({}))
      },
    )

    it('makes a non-object top level an empty object, keeping its description', () => {
      expect(clean({ type: 'string', description: 'Text' })).toEqual(
        obj({}, { description: 'Text' }),
      )
    })
  })

  describe('required, properties, items, types', () => {
    it('filters required to declared properties and drops it when empty', () => {
      expect(clean(obj({ a: str }, { required: ['a', 'ghost', 'a', 7] }))).toEqual(
        obj({ a: str }, { required: ['a'] }),
      )
      expect(clean(obj({ a: str }, { required: ['ghost'] }))).toEqual(obj({ a: str }))
      expect(clean({ type: 'object', required: ['ghost'] })).toEqual(obj({}))
    })

    it('gives objects `properties: {}` and infers a missing type from the keywords present', () => {
      expect(
        clean({
          properties: {
            empty: { type: 'object' },
            inferredObject: { properties: { a: str } },
            inferredArray: { items: str },
            inferredNumber: { minimum: 0 },
            untyped: { description: 'Anything' },
            nullOnly: { type: 'null' },
          },
        }),
      ).toEqual(
        obj({
          empty: obj({}),
          inferredObject: obj({ a: str }),
          inferredArray: { type: 'array', items: str },
          inferredNumber: { type: 'number', minimum: 0 },
          untyped: { type: 'string', description: 'Anything' },
          nullOnly: { type: 'string', nullable: true },
        }),
      )
    })

    it('gives arrays items (Google: "items: missing field"); a tuple becomes a union', () => {
      expect(
        clean(
          obj({
            loose: { type: 'array' },
            anyItems: { type: 'array', items: true },
            pair: { type: 'array', items: [{ type: 'string' }, { type: 'number' }] },
            prefixed: { type: 'array', prefixItems: [{ type: 'integer' }], items: false },
          }),
        ),
      ).toEqual(
        obj({
          loose: { type: 'array', items: str },
          anyItems: { type: 'array', items: str },
          pair: { type: 'array', items: { anyOf: [str, { type: 'number' }] } },
          prefixed: { type: 'array', items: { type: 'integer' } },
        }),
      )
    })

    it('lower-cases type names', () => {
      expect(
        clean({ type: 'OBJECT', properties: { a: { type: 'STRING' }, b: { type: 'Integer' } } }),
      ).toEqual(obj({ a: str, b: { type: 'integer' } }))
    })

    it('keeps property names that collide with keywords', () => {
      const names = [
        'format',
        'type',
        'properties',
        'default',
        'enum',
        'items',
        '$schema',
        'required',
      ]
      const input = obj(
        Object.fromEntries(names.map((name) => [name, { type: 'string', default: 'x' }])),
        {
          required: names,
        },
      )
      expect(clean(input)).toEqual(
        obj(Object.fromEntries(names.map((name) => [name, str])), { required: names }),
      )
    })

    it('keeps propertyOrdering restricted to declared names', () => {
      expect(clean(obj({ b: str, a: str }, { propertyOrdering: ['a', 'ghost', 'b'] }))).toEqual(
        obj({ b: str, a: str }, { propertyOrdering: ['a', 'b'] }),
      )
    })
  })

  it('never modifies its input', () => {
    const input = fixture('claude-code-2.0.first-turn-17-tools.messages.request.json')
    const before = structuredClone(input)
    const frozen = deepFreeze(input)
    for (const tool of frozen.tools) cleanToolSchema(tool.input_schema)
    const tricky = deepFreeze({
      $defs: { A: obj({ a: str }, { required: ['a'] }) },
      allOf: [
        { $ref: '#/$defs/A' },
        { properties: { b: { type: ['string', 'null'], enum: ['x', null] } } },
      ],
      anyOf: [{ required: ['a'] }],
    })
    cleanToolSchema(tricky)
    expect(input).toEqual(before)
  })
})

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

describe('real client tool schemas', () => {
  const claudeCode = fixture('claude-code-2.0.first-turn-17-tools.messages.request.json')
  const droidAnthropic = fixture('anthropic-messages.factory-droid-sonnet.request.json')
  const droidOpenAi = fixture('openai-chat.factory-droid.request.json')
  const geminiCli = fixture('gemini-cli.v1internal.request.json')
  const antigravity = fixture('antigravity-agent.v1internal.request.json')
  const declarations = (request: any) =>
    request.tools.flatMap((tool: any) => tool.functionDeclarations)

  const clients: [string, { name: string; schema: unknown }[], Spelling, string[]][] = [
    [
      'Claude Code 2.0 (17 tools)',
      claudeCode.tools.map((t: any) => ({ name: t.name, schema: t.input_schema })),
      'parameters',
      ['$schema', 'additionalProperties', 'default'],
    ],
    [
      'Factory Droid (Anthropic)',
      droidAnthropic.tools.map((t: any) => ({ name: t.name, schema: t.input_schema })),
      'parameters',
      ['$schema', 'additionalProperties', 'default', 'exclusiveMinimum'],
    ],
    [
      'Factory Droid (OpenAI)',
      droidOpenAi.tools.map((t: any) => ({ name: t.function.name, schema: t.function.parameters })),
      'parameters',
      ['$schema', 'additionalProperties', 'default', 'exclusiveMinimum'],
    ],
    [
      'gemini-cli (parametersJsonSchema)',
      declarations(geminiCli.request).map((d: any) => ({
        name: d.name,
        schema: d.parametersJsonSchema,
      })),
      'parametersJsonSchema',
      ['default'],
    ],
    [
      'Antigravity agent',
      declarations(antigravity.request).map((d: any) => ({ name: d.name, schema: d.parameters })),
      'parameters',
      [],
    ],
  ]

  it.each(clients)(
    '%s: raw schemas draw the refusals Google would send',
    (_label, tools, spelling, unknown) => {
      const found = violations(tools, spelling)
      const names = [
        ...new Set(found.map((v) => /Unknown name "([^"]+)"/.exec(v.description)?.[1])),
      ]
      expect(names.sort()).toEqual([...unknown].sort())
      expect(found.every((v) => v.stage === 'proto')).toBe(true)
    },
  )

  it.each(clients)('%s: cleaned schemas are accepted and stable', (_label, tools, spelling) => {
    expect(tools.length).toBeGreaterThan(0)
    const cleaned = tools.map(({ name, schema }) => ({ name, schema: cleanToolSchema(schema) }))
    expect(violations(cleaned, spelling)).toEqual([])
    expect(violations(cleaned, 'parameters')).toEqual([])
    for (const { schema } of cleaned) expect(cleanToolSchema(schema)).toEqual(schema)
  })

  it('reports every occurrence with Google’s path and wording', () => {
    const tools = claudeCode.tools.map((t: any) => ({ name: t.name, schema: t.input_schema }))
    const found = violations(tools)
    expect(found.filter((v) => v.description.includes('"$schema"'))).toHaveLength(17)
    expect(found[0]).toEqual({
      stage: 'proto',
      field: 'request.tools[0].function_declarations[0].parameters',
      description:
        'Invalid JSON payload received. Unknown name "additionalProperties" at \'request.tools[0].function_declarations[0].parameters\': Cannot find field.',
    })
    const todoItems = tools.findIndex((t: any) => t.name === 'TodoWrite')
    expect(found.map((v) => v.field)).toContain(
      `request.tools[0].function_declarations[${todoItems}].parameters.properties[0].value.items`,
    )
  })

  it('keeps what Claude Code’s schemas mean', () => {
    const byName = Object.fromEntries(
      claudeCode.tools.map((t: any) => [t.name, cleanToolSchema(t.input_schema)]),
    )
    expect(byName.WebFetch).toEqual(
      obj(
        {
          url: { type: 'string', description: 'The URL to fetch content from (format: uri)' },
          prompt: { type: 'string', description: 'The prompt to run on the fetched content' },
        },
        { required: ['url', 'prompt'] },
      ),
    )
    expect((byName.Grep as any).properties['-B']).toEqual({
      type: 'number',
      description: expect.stringContaining('rg -B'),
    })
    expect((byName.AskUserQuestion as any).properties.questions).toMatchObject({
      type: 'array',
      minItems: 1,
      maxItems: 4,
      items: { type: 'object', required: ['question', 'header', 'options', 'multiSelect'] },
    })
  })
})

describe('the fake’s semantic checks, on schemas that parse', () => {
  const semanticOf = (schema: unknown, name = 'tool') =>
    violations([{ name, schema }]).map((v) => [v.stage, v.description])

  it('names enums off strings, unsupported formats, undefined required names, missing items and types', () => {
    const at = 'GenerateContentRequest.tools[0].function_declarations[0].parameters'
    expect(
      semanticOf({
        type: 'object',
        properties: {
          level: { type: 'integer', enum: ['1'] },
          url: { type: 'string', format: 'uri' },
          list: { type: 'array' },
          loose: { description: 'no type' },
          union: { anyOf: [{ type: 'string' }, { enum: ['a'] }] },
        },
        required: ['level', 'ghost'],
      }),
    ).toEqual([
      ['semantic', `${at}.required[1]: property is not defined`],
      ['semantic', `${at}.properties[level].enum: only allowed for STRING type`],
      [
        'semantic',
        `${at}.properties[url].format: only 'enum' and 'date-time' are supported for STRING type`,
      ],
      ['semantic', `${at}.properties[list].items: missing field.`],
      [
        'semantic',
        `${at}.properties[loose].type: must be specified when not using one_of, any_of or all_of fields`,
      ],
      [
        'semantic',
        `${at}.properties[union].any_of[1].type: must be specified when not using one_of, any_of or all_of fields`,
      ],
      ['semantic', `${at}.properties[union].any_of[1].enum: only allowed for STRING type`],
    ])
  })

  it('refuses function names Google refuses', () => {
    expect(semanticOf(obj({}), 'mcp/query')).toEqual([
      [
        'semantic',
        'GenerateContentRequest.tools[0].function_declarations[0].name: Invalid function name. Must start with a letter or an underscore. Must be alphameric (a-z, A-Z, 0-9), underscores (_), dots (.) or dashes (-), with a maximum length of 64.',
      ],
    ])
    expect(semanticOf(obj({}), 'mcp__server__tool')).toEqual([])
  })

  it('reports type lists and non-schema values as parse failures', () => {
    const at = 'request.tools[0].function_declarations[0].parameters'
    expect(
      semanticOf(
        obj({ a: { type: ['string', 'null'] }, b: 'object', c: true, d: { type: 'text' } }),
      ),
    ).toEqual([
      [
        'proto',
        `Invalid JSON payload received. Unknown name "type" at '${at}.properties[0].value': Proto field is not repeating, cannot start list.`,
      ],
      [
        'proto',
        `Invalid value at '${at}.properties[1].value' (type.googleapis.com/google.cloud.aiplatform.master.Schema), "object"`,
      ],
      [
        'proto',
        `Invalid value at '${at}.properties[2].value' (type.googleapis.com/google.cloud.aiplatform.master.Schema), true`,
      ],
      [
        'proto',
        `Invalid value at '${at}.properties[3].value.type' (type.googleapis.com/google.cloud.aiplatform.master.Type), "text"`,
      ],
    ])
  })
})
