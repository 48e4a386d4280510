import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { responsesRequestSchema } from '../../../../src/core/translate/responses/responses-request-schema'
import { describeZodError } from '../../../../src/core/http/zod-issue'

const problem = (body: Record<string, unknown>): string => {
  const result = responsesRequestSchema.safeParse({ model: 'gemini-3-flash', ...body })
  if (result.success) throw new Error('expected the body to be refused')
  return describeZodError(result.error)
}

describe('responsesRequestSchema', () => {
  it('reads the captured Codex request, unknown keys kept', () => {
    const codex = JSON.parse(
      readFileSync(
        path.join(__dirname, '../../../fixtures/codex-0.171.0.plain.responses.request.json'),
        'utf8',
      ),
    )
    const parsed = responsesRequestSchema.parse(codex)
    expect(parsed.client_metadata).toEqual(codex.client_metadata)
    expect(parsed.tools?.map((tool) => tool.type)).toEqual([
      'function',
      'function',
      'function',
      'function',
      'namespace',
      'function',
      'function',
      'function',
      'unsupported',
    ])
    expect(parsed.input?.every((item) => item.type === 'message')).toBe(true)
  })

  it('brings strings and type-less messages to one shape, and marks unknown types', () => {
    const parsed = responsesRequestSchema.parse({
      model: 'm',
      input: [
        { role: 'user', content: 'hi' },
        { type: 'local_shell_call', id: 'x', call_id: 'c' },
      ],
      tools: [{ type: 'mcp', server_label: 'x' }],
    })
    expect(parsed.input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
      { type: 'unsupported', unsupported_type: 'local_shell_call' },
    ])
    expect(parsed.tools).toEqual([{ type: 'unsupported', unsupported_type: 'mcp' }])
    expect(responsesRequestSchema.parse({ model: 'm', input: 'hi' }).input).toEqual([
      { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] },
    ])
  })

  it.each([
    [{ model: 3 }, 'model: Invalid input: expected string, received number'],
    [{ max_output_tokens: 'many' }, 'max_output_tokens: Invalid input: expected number'],
    [{ input: [{ role: 'wizard', content: 'hi' }] }, 'input.0.role: Invalid option'],
    [
      { input: [{ role: 'user', content: [{ type: 'input_text', text: 3 }] }] },
      'input.0.content.0.text: Invalid input: expected string',
    ],
    [
      { input: [{ role: 'user', content: [{ type: 'input_video', data: 'x' }] }] },
      "input.0.content.0.type: Invalid discriminator value. Expected 'input_text' | 'output_text'",
    ],
    [
      { input: [{ type: 'function_call', call_id: 'c', name: 'f', arguments: {} }] },
      'input.0.arguments: Invalid input: expected string',
    ],
    [{ input: [{ type: 'function_call_output', output: 'x' }] }, 'input.0.call_id'],
    [{ tools: [{ type: 'function', name: 'f', parameters: 'x' }] }, 'tools.0.parameters'],
    [{ tools: [{ type: 'namespace', name: 'ns', tools: 'x' }] }, 'tools.0.tools'],
    [{ reasoning: { summary: 'verbose' } }, 'reasoning.summary: Invalid option'],
    [{ text: { format: { type: 'json_schema', name: 'x' } } }, 'text.format.schema'],
    [{ include: 'reasoning.encrypted_content' }, 'include: Invalid input: expected array'],
  ])('names the wrong field of %j', (body, message) => {
    expect(problem(body)).toContain(message)
  })
})
