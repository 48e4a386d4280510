import { randomBytes } from 'node:crypto'
import type { RpcErrorBody } from './google-errors'
import { invalidArgument } from './google-errors'
import { isRecord } from './http-exchange'

/**
 * The history rules Cloud Code enforces per model, in the words users saw:
 * - names of functionCall / functionResponse parts must not be empty (every model);
 * - Gemini 3 refuses a current-turn function call whose signature was dropped;
 * - Claude (Vertex Anthropic behind Google) refuses an assistant prefill.
 * Runs after checkEnvelope, so contents are records with a role and non-empty parts.
 */

export interface HistoryContent {
  role: 'user' | 'model'
  parts: unknown[]
}

export function checkHistory(
  model: string,
  contents: readonly HistoryContent[],
): RpcErrorBody | null {
  return emptyNames(contents) ?? missingSignature(model, contents) ?? prefill(model, contents)
}

function emptyNames(contents: readonly HistoryContent[]): RpcErrorBody | null {
  const lines: string[] = []
  contents.forEach((content, i) => {
    content.parts.forEach((part, j) => {
      if (!isRecord(part)) return
      for (const [key, proto] of [
        ['functionCall', 'function_call'],
        ['functionResponse', 'function_response'],
      ] as const) {
        const value = part[key] ?? part[proto]
        if (isRecord(value) && (typeof value.name !== 'string' || value.name === '')) {
          lines.push(
            `* GenerateContentRequest.contents[${i}].parts[${j}].${proto}.name: Name cannot be empty.\n`,
          )
        }
      }
    })
  })
  return lines.length > 0 ? invalidArgument(lines.join('')) : null
}

const signatureOf = (part: Record<string, unknown>): unknown =>
  part.thoughtSignature ?? part.thought_signature

const isStandardPart = (part: unknown): boolean =>
  isRecord(part) && part.functionResponse === undefined && part.function_response === undefined

/**
 * Gemini 3 checks only the current turn: everything after the last user content that holds
 * more than function responses. There, the first functionCall part of every model step must
 * carry its signature (parallel calls carry one, on the first). Gemini 3 image models do not
 * enforce it. Any non-empty signature passes, so Google's documented stand-ins for a signature
 * the client never had (`skip_thought_signature_validator`) do too.
 */
function missingSignature(model: string, contents: readonly HistoryContent[]): RpcErrorBody | null {
  if (!model.includes('gemini-3') || model.includes('image')) return null
  let start = 0
  contents.forEach((content, index) => {
    if (content.role === 'user' && content.parts.some(isStandardPart)) start = index
  })
  for (let index = start; index < contents.length; index += 1) {
    const content = contents[index]
    if (content?.role !== 'model') continue
    const call = content.parts.find(
      (part): part is Record<string, unknown> =>
        isRecord(part) && isRecord(part.functionCall ?? part.function_call),
    )
    if (!call) continue
    const signature = signatureOf(call)
    if (typeof signature === 'string' && signature !== '') continue
    const fn = (call.functionCall ?? call.function_call) as Record<string, unknown>
    return invalidArgument(
      `Function call is missing a thought_signature in functionCall parts. This is required for tools to work correctly, and missing thought_signature may lead to degraded model performance. Additional data, function call \`default_api:${String(fn.name)}\` , position ${index + 1}. Please refer to https://ai.google.dev/gemini-api/docs/thought-signatures for more details.`,
    )
  }
  return null
}

/**
 * Newer Claude models refuse a conversation that ends with the assistant; Google passes the
 * Anthropic error on JSON-encoded inside its own message (see
 * tests/fixtures/error-400-claude-thinking-block-required.json).
 */
function prefill(model: string, contents: readonly HistoryContent[]): RpcErrorBody | null {
  if (!model.includes('claude') || contents.at(-1)?.role !== 'model') return null
  const anthropic = {
    type: 'error',
    error: {
      type: 'invalid_request_error',
      message:
        'This model does not support assistant message prefill. The conversation must end with a user message.',
    },
    request_id: `req_vrtx_${randomBytes(12).toString('base64url')}`,
  }
  return invalidArgument(JSON.stringify(anthropic))
}
