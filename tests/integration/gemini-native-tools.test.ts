import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { FakeGoogleWorld } from '../helpers/fake-google-world'
import {
  closeFakeGoogleWorld,
  openFakeGoogleWorld,
  startServerWithAna,
} from '../helpers/fake-google-world'
import type { TestServer } from '../helpers/test-server'

const skillTool = JSON.parse(
  readFileSync(
    path.join(__dirname, '../fixtures/gemini-cli-0.61.0.activate-skill.declaration.json'),
    'utf8',
  ),
)

let world: FakeGoogleWorld
let server: TestServer

beforeEach(async () => {
  world = await openFakeGoogleWorld()
  server = await startServerWithAna(world)
})
afterEach(async () => {
  await closeFakeGoogleWorld({ ...world, server })
})

describe('Gemini API requests with tools declared in full JSON Schema', () => {
  it('reach Google cleaned of what Antigravity refuses, so gemini-cli’s skill tool passes', async () => {
    const response = await fetch(
      `${server.url}/v1beta/models/gemini-3.1-pro-preview:streamGenerateContent?alt=sse`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-goog-api-key': server.apiKey },
        body: JSON.stringify({
          contents: [{ role: 'user', parts: [{ text: 'please call activate_skill' }] }],
          tools: [{ functionDeclarations: [skillTool] }],
        }),
      },
    )
    const text = await response.text()
    expect(response.status, text.slice(0, 300)).toBe(200)
    expect(text).toContain('"name":"activate_skill"')
    const sent = world.fake.callsTo('streamGenerateContent').at(-1)?.body as any
    const declaration = sent.request.tools[0].functionDeclarations[0]
    expect(declaration.name).toBe('activate_skill')
    expect(declaration.parametersJsonSchema).not.toHaveProperty('$schema')
    expect(declaration.parametersJsonSchema).not.toHaveProperty('additionalProperties')
    // What the model needs of it stays: the names it may pick.
    expect(declaration.parametersJsonSchema.properties.name.enum).toEqual([
      'skill-creator',
      'antigravity-support',
    ])
    expect(declaration.parametersJsonSchema.required).toEqual(['name'])
  })
})
