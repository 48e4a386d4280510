import type { GeminiContent, GeminiPart } from '../gemini/gemini-types'
import { appendTurn, parseArguments, SKIP_SIGNATURE, toolOutput } from '../openai/openai-messages'
import { TranslationError } from '../translation-error'
import { contentToParts, isText, partToGemini, textOf } from './responses-content'
import type { ResponsesInputItem } from './responses-request-schema'
import type { ToolNames } from './responses-tools'

type Item<T extends ResponsesInputItem['type']> = Extract<ResponsesInputItem, { type: T }>

export interface InputTranslation {
  /** Texts of the developer and system messages, in order. */
  system: string[]
  contents: GeminiContent[]
}

/**
 * Maps the Responses input items to Gemini's alternating turns. Gemini 3 refuses a function call
 * of the current turn without the signature of the reasoning behind it: agtray hands it out as
 * the reasoning item's `encrypted_content`, and puts it back on the call that follows that item;
 * failing that, on what it remembered for the call id; failing that, Google's escape hatch.
 */
export function inputToGemini(
  items: readonly ResponsesInputItem[],
  options: { names: ToolNames; signatureFor(callId: string): string | undefined },
): InputTranslation {
  const system: string[] = []
  const contents: GeminiContent[] = []
  // Outputs name only the call id; Gemini wants the function's name too.
  const callNames = new Map<string, string>()
  let pendingSignature: string | undefined
  for (const [index, item] of items.entries()) {
    const where = `input[${index}]`
    switch (item.type) {
      case 'message':
        if (item.role === 'system' || item.role === 'developer') {
          system.push(...systemText(item, where))
        } else if (item.role === 'user') {
          appendTurn(contents, 'user', contentToParts(item.content, where))
          pendingSignature = undefined
        } else {
          appendTurn(contents, 'model', contentToParts(item.content, where))
        }
        break
      case 'reasoning':
        pendingSignature = item.encrypted_content || undefined
        if (pendingSignature) appendTurn(contents, 'model', thoughtParts(item, pendingSignature))
        break
      case 'function_call': {
        const part = functionCallPart(item, where, options.names)
        callNames.set(item.call_id, part.functionCall.name)
        const signature = pendingSignature ?? options.signatureFor(item.call_id)
        pendingSignature = undefined
        // Google checks the first call of each model turn only; parallel calls carry none.
        const signed = signature ?? (startsCalls(contents) ? SKIP_SIGNATURE : undefined)
        appendTurn(contents, 'model', [
          { ...part, ...(signed ? { thoughtSignature: signed } : {}) },
        ])
        break
      }
      case 'function_call_output':
        appendTurn(contents, 'user', outputParts(item, where, callNames))
        pendingSignature = undefined
        break
      case 'item_reference':
        throw new TranslationError(
          `${where} (item_reference): agtray keeps no responses or items; send the item itself instead of a reference`,
        )
      case 'unsupported':
        // Built-in tool calls (web_search_call, computer_call…) and future types: Google ran
        // none of them, and has no way to take them as history.
        break
    }
  }
  return { system, contents }
}

function systemText(item: Item<'message'>, where: string): string[] {
  const other = item.content.findIndex((part) => !isText(part))
  if (other !== -1) {
    throw new TranslationError(
      `${where}.content[${other}] (${item.content[other]?.type}): a ${item.role} message can hold text only; send images and files in a user message`,
    )
  }
  const text = textOf(item.content)
  return text ? [text] : []
}

/** The reasoning summary goes back as a signed thought, as Claude needs its thinking back. */
function thoughtParts(item: Item<'reasoning'>, signature: string): GeminiPart[] {
  const text = (item.summary ?? []).map((part) => part.text).join('\n\n')
  return text ? [{ text, thought: true, thoughtSignature: signature }] : []
}

function functionCallPart(item: Item<'function_call'>, where: string, names: ToolNames) {
  const name = names.geminiName({ name: item.name, namespace: item.namespace ?? undefined })
  return {
    functionCall: {
      name,
      args: parseArguments(item.arguments, where, `${item.name} (${item.call_id})`),
      id: item.call_id,
    },
  }
}

const startsCalls = (contents: readonly GeminiContent[]): boolean => {
  const last = contents.at(-1)
  return last?.role !== 'model' || !last.parts.some((part) => part.functionCall)
}

function outputParts(
  item: Item<'function_call_output'>,
  where: string,
  callNames: ReadonlyMap<string, string>,
): GeminiPart[] {
  const name = callNames.get(item.call_id)
  if (name === undefined) {
    throw new TranslationError(
      `${where} (function_call_output): call_id "${item.call_id}" matches no function_call earlier in input; agtray keeps no responses, so send the whole conversation (as Codex does with store: false)`,
    )
  }
  const text = textOf(item.output.filter(isText))
  return [
    { functionResponse: { name, id: item.call_id, response: toolOutput(text) } },
    // Gemini takes no images inside a functionResponse; right after it they stay attributable.
    ...item.output.flatMap((part, index) =>
      isText(part) ? [] : partToGemini(part, `${where}.output[${index}]`),
    ),
  ]
}
