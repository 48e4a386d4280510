import type { GeminiContent, GeminiPart, GeminiRequest, GeminiRole } from '../gemini/gemini-types'
import { contentToParts, joinText, textParts } from './openai-content-parts'
import type { ChatCompletionRequestMessage } from './openai-request-schema'
import { TranslationError } from '../translation-error'

type AssistantMessage = Extract<ChatCompletionRequestMessage, { role: 'assistant' }>
type ToolMessage = Extract<ChatCompletionRequestMessage, { role: 'tool' }>

/**
 * Google's documented escape hatch for function calls in history it did not sign (another
 * model, another proxy, a lost cache): Gemini 3 refuses unsigned history calls otherwise.
 */
export const SKIP_SIGNATURE = 'skip_thought_signature_validator'

export type SignatureLookup = (toolCallId: string) => string | undefined

/** Maps the OpenAI conversation to Gemini's system instruction and alternating contents. */
export function messagesToGemini(
  messages: readonly ChatCompletionRequestMessage[],
  signatureFor: SignatureLookup,
): Pick<GeminiRequest, 'systemInstruction' | 'contents'> {
  const system: string[] = []
  const contents: GeminiContent[] = []
  // Tool results name only the call id; Gemini wants the function name too.
  const callNames = new Map<string, string>()
  for (const [index, message] of messages.entries()) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = joinText(message.content)
        if (text) system.push(text)
        break
      }
      case 'user':
        appendTurn(contents, 'user', contentToParts(message.content, index))
        break
      case 'assistant':
        appendTurn(contents, 'model', assistantParts(message, index, callNames, signatureFor))
        break
      case 'tool':
        appendTurn(contents, 'user', [toolResultPart(message, index, callNames)])
        break
      case 'function':
        appendTurn(contents, 'user', [
          { functionResponse: { name: message.name, response: toolOutput(message.content ?? '') } },
        ])
        break
    }
  }
  return {
    contents,
    ...(system.length > 0
      ? { systemInstruction: { role: 'user', parts: [{ text: system.join('\n\n') }] } }
      : {}),
  }
}

/** Gemini wants turns to alternate, so same-role neighbours (parallel tool results) merge. */
export function appendTurn(contents: GeminiContent[], role: GeminiRole, parts: GeminiPart[]): void {
  if (parts.length === 0) return
  const last = contents.at(-1)
  if (last?.role === role) last.parts.push(...parts)
  else contents.push({ role, parts })
}

function assistantParts(
  message: AssistantMessage,
  index: number,
  callNames: Map<string, string>,
  signatureFor: SignatureLookup,
): GeminiPart[] {
  // reasoning_content, echoed back by some clients, is dropped: Gemini cannot take it as input.
  const content = message.content ?? ''
  const parts = textParts(
    typeof content === 'string'
      ? content
      : content.map((part) => (part.type === 'text' ? part.text : part.refusal)).join(''),
  )
  for (const call of message.tool_calls ?? []) {
    callNames.set(call.id, call.function.name)
    parts.push({
      functionCall: {
        name: call.function.name,
        args: parseArguments(
          call.function.arguments,
          `messages[${index}]`,
          `${call.function.name} (${call.id})`,
        ),
        id: call.id,
      },
      thoughtSignature: signatureFor(call.id) ?? SKIP_SIGNATURE,
    })
  }
  if (message.function_call) {
    const { name, arguments: args } = message.function_call
    parts.push({
      functionCall: { name, args: parseArguments(args, `messages[${index}]`, name) },
      thoughtSignature: SKIP_SIGNATURE,
    })
  }
  return parts
}

/** A tool call's arguments as the object Gemini wants; `where` names the call in errors. */
export function parseArguments(
  args: string | Record<string, unknown> | null | undefined,
  where: string,
  callLabel: string,
): Record<string, unknown> {
  if (args === null || args === undefined) return {}
  if (typeof args !== 'string') return args
  // Clients send "" for calls without arguments.
  if (!args.trim()) return {}
  let parsed: unknown
  try {
    parsed = JSON.parse(args)
  } catch {
    throw new TranslationError(
      `${where}: the arguments of tool call ${callLabel} are not valid JSON`,
    )
  }
  if (!isRecord(parsed)) {
    throw new TranslationError(
      `${where}: the arguments of tool call ${callLabel} must be a JSON object`,
    )
  }
  return parsed
}

function toolResultPart(
  message: ToolMessage,
  index: number,
  callNames: ReadonlyMap<string, string>,
): GeminiPart {
  const name = callNames.get(message.tool_call_id)
  if (name === undefined) {
    throw new TranslationError(
      `messages[${index}]: tool message answers tool_call_id "${message.tool_call_id}", which matches no earlier assistant tool call`,
    )
  }
  return {
    functionResponse: {
      name,
      id: message.tool_call_id,
      response: toolOutput(joinText(message.content)),
    },
  }
}

/** Gemini's functionResponse.response must be an object; plain output gets wrapped. */
export function toolOutput(text: string): Record<string, unknown> {
  if (text.trimStart().startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (isRecord(parsed)) return parsed
    } catch {
      // Not JSON after all: it is output text like any other.
    }
  }
  return { output: text }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
