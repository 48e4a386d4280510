import type { GeminiPart } from '../gemini/gemini-types'
import { mediaPartsOf, searchResultText, toolResultContent } from './anthropic-content'
import type { AnthropicContentBlock, AnthropicMessage } from './anthropic-request-schema'
import { TranslationError } from '../translation-error'

type MessageContent = AnthropicMessage['content']

export const blocksOf = (content: MessageContent): AnthropicContentBlock[] =>
  content === undefined
    ? []
    : typeof content === 'string'
      ? [{ type: 'text', text: content }]
      : content

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

const stringOf = (value: unknown): string => (typeof value === 'string' ? value : '')

/** Remembers each tool_use's name, so a later tool_result can name the function it answers. */
export function recordToolUses(blocks: AnthropicContentBlock[], names: Map<string, string>): void {
  for (const block of blocks) {
    if (block.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string')
      names.set(block.id, block.name)
  }
}

export interface PartsContext {
  /**
   * The names of the tool_use ids of the turns before this one: Gemini matches a
   * functionResponse to its call by name, Anthropic by id.
   */
  toolNames: ReadonlyMap<string, string>
  /** False when context_management cleared this turn's thinking: only its signatures stay. */
  keepThoughts: boolean
  /** Thinking text agtray kept from the client (`display: "omitted"`), by its signature. */
  recallThinking?: (signature: string) => string | undefined
}

/** One message's content blocks as Gemini parts. */
export function partsOf(
  blocks: AnthropicContentBlock[],
  where: string,
  context: PartsContext,
): GeminiPart[] {
  const parts: GeminiPart[] = []
  // Gemini 3 refuses a history whose function call lacks the signature of the reasoning that led
  // to it; Anthropic keeps that signature on the thinking block only.
  let pendingSignature: string | undefined
  for (const [index, block] of blocks.entries()) {
    const at = `${where}.content[${index}]`
    switch (block.type) {
      case 'text':
        // Gemini refuses empty text parts.
        if (typeof block.text === 'string' && block.text !== '') parts.push({ text: block.text })
        break
      case 'image':
      case 'document':
        parts.push(...mediaPartsOf(block, at))
        break
      case 'search_result':
        parts.push({ text: searchResultText(block) })
        break
      case 'compaction':
        // Claude's summary of the conversation before it: the model needs it to go on.
        if (typeof block.content === 'string' && block.content !== '')
          parts.push({ text: block.content })
        break
      case 'thinking': {
        const signature = typeof block.signature === 'string' ? block.signature : ''
        // An unsigned thought (another provider's, or an unsigned Gemini summary) would make
        // upstream refuse the whole history; the model does not need its old reasoning back.
        if (signature === '') break
        const thinking = stringOf(block.thinking) || (context.recallThinking?.(signature) ?? '')
        if (context.keepThoughts && thinking !== '')
          parts.push({ text: thinking, thought: true, thoughtSignature: signature })
        pendingSignature = signature
        break
      }
      case 'tool_use':
        parts.push(functionCallOf(block, at, pendingSignature))
        pendingSignature = undefined
        break
      case 'tool_result':
        parts.push(...functionResponseOf(block, at, context.toolNames))
        break
      default:
        // redacted_thinking is Anthropic's encrypted reasoning; server_tool_use, mcp_tool_use and
        // their *_tool_result blocks record tools that ran at Anthropic (agtray runs none, and
        // Gemini cannot be shown calls it did not make); container_upload, tool_addition and
        // friends steer Anthropic's infrastructure. Nothing in them is for Gemini.
        break
    }
  }
  return parts
}

function functionCallOf(
  block: AnthropicContentBlock,
  at: string,
  signature: string | undefined,
): GeminiPart {
  if (typeof block.name !== 'string' || block.name === '')
    throw new TranslationError(`${at} (tool_use): name is required`)
  const input = block.input ?? {}
  if (!isRecord(input)) throw new TranslationError(`${at} (tool_use): input must be an object`)
  return {
    functionCall: {
      name: block.name,
      args: input,
      ...(typeof block.id === 'string' ? { id: block.id } : {}),
    },
    ...(signature ? { thoughtSignature: signature } : {}),
  }
}

function functionResponseOf(
  block: AnthropicContentBlock,
  at: string,
  toolNames: ReadonlyMap<string, string>,
): GeminiPart[] {
  const id = typeof block.tool_use_id === 'string' ? block.tool_use_id : ''
  const name = toolNames.get(id)
  if (!name)
    throw new TranslationError(
      `${at} (tool_result): tool_use_id "${id}" matches no tool_use in an earlier assistant turn`,
    )
  const { text, media } = toolResultContent(block.content, at)
  return [
    {
      functionResponse: {
        name,
        id,
        response: block.is_error === true ? { error: text } : { output: text },
      },
    },
    // Gemini takes no images inside a functionResponse; right after it they stay attributable.
    ...media,
  ]
}
