import type {
  GeminiContent,
  GeminiPart,
  GeminiRequest,
  GeminiToolConfig,
} from '../gemini/gemini-types'
import { cleanToolSchema } from '../gemini/schema-cleaner'
import { inlineDataOf, toolResultContent } from './anthropic-content'
import type { AnthropicContentBlock, MessagesRequest } from './anthropic-request-schema'
import { TranslationError } from './translation-error'

export { TranslationError } from './translation-error'

export interface AnthropicToGeminiOptions {
  /**
   * Claude behind Antigravity refuses a conversation ending on an assistant turn (a "prefill");
   * fold it into the last user turn as an instruction instead.
   */
  foldPrefill?: boolean
}

type Request = Pick<MessagesRequest, 'messages' | 'system' | 'tools' | 'tool_choice'> &
  Partial<
    Pick<
      MessagesRequest,
      'max_tokens' | 'temperature' | 'top_p' | 'top_k' | 'stop_sequences' | 'thinking' | 'metadata'
    >
  >

const blocksOf = (
  content: MessagesRequest['messages'][number]['content'],
): AnthropicContentBlock[] =>
  typeof content === 'string' ? [{ type: 'text', text: content }] : content

/** Every tool_use id of the conversation with its tool's name, for the tool_results that answer it. */
function toolNamesById(request: Request): Map<string, string> {
  const names = new Map<string, string>()
  for (const message of request.messages) {
    if (message.role !== 'assistant') continue
    for (const block of blocksOf(message.content)) {
      if (
        block.type === 'tool_use' &&
        typeof block.id === 'string' &&
        typeof block.name === 'string'
      ) {
        names.set(block.id, block.name)
      }
    }
  }
  return names
}

function partsOf(
  blocks: AnthropicContentBlock[],
  where: string,
  toolNames: Map<string, string>,
): GeminiPart[] {
  const parts: GeminiPart[] = []
  // Gemini 3 wants the reasoning's signature on the function call it led to, not only on the thought.
  let pendingSignature: string | null = null
  for (const [index, block] of blocks.entries()) {
    const at = `${where}.content[${index}]`
    switch (block.type) {
      case 'text':
        if (typeof block.text === 'string' && block.text !== '') parts.push({ text: block.text })
        break
      case 'image':
      case 'document':
        parts.push(inlineDataOf(block, at))
        break
      case 'thinking': {
        const signature = typeof block.signature === 'string' ? block.signature : ''
        // Without its signature a thought cannot be sent back: upstream would refuse the history.
        if (!signature) break
        if (typeof block.thinking === 'string' && block.thinking !== '') {
          parts.push({ text: block.thinking, thought: true, thoughtSignature: signature })
        }
        pendingSignature = signature
        break
      }
      case 'tool_use': {
        if (typeof block.name !== 'string' || block.name === '')
          throw new TranslationError(`${at} (tool_use): name is required`)
        const part: GeminiPart = {
          functionCall: {
            name: block.name,
            args: (block.input ?? {}) as Record<string, unknown>,
            ...(typeof block.id === 'string' ? { id: block.id } : {}),
          },
        }
        if (pendingSignature) {
          part.thoughtSignature = pendingSignature
          pendingSignature = null
        }
        parts.push(part)
        break
      }
      case 'tool_result': {
        const id = typeof block.tool_use_id === 'string' ? block.tool_use_id : ''
        const name = toolNames.get(id)
        if (!name)
          throw new TranslationError(
            `${at} (tool_result): tool_use_id "${id}" matches no earlier tool_use`,
          )
        const { text, media } = toolResultContent(block.content, at)
        parts.push({
          functionResponse: {
            name,
            id,
            response: block.is_error === true ? { error: text } : { output: text },
          },
        })
        parts.push(...media)
        break
      }
      default:
        // redacted_thinking, server tool results and future block types carry nothing Gemini can use.
        break
    }
  }
  return parts
}

function systemInstructionOf(system: Request['system']): GeminiRequest['systemInstruction'] {
  if (!system) return undefined
  const texts =
    typeof system === 'string'
      ? [system]
      : system.filter((block) => block.type === 'text').map((block) => String(block.text ?? ''))
  const parts = texts.filter((text) => text !== '').map((text) => ({ text }))
  return parts.length ? { role: 'user', parts } : undefined
}

function toolConfigOf(
  choice: Request['tool_choice'],
  declared: Set<string>,
): GeminiToolConfig | undefined {
  if (!choice || declared.size === 0) return undefined
  switch (choice.type) {
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } }
    case 'any':
      return { functionCallingConfig: { mode: 'ANY' } }
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } }
    case 'tool': {
      const name = choice.name ?? ''
      if (!declared.has(name))
        throw new TranslationError(`tool_choice names "${name}", which is not in tools`)
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } }
    }
  }
}

function foldTrailingPrefill(contents: GeminiContent[]): GeminiContent[] {
  const last = contents.at(-1)
  if (last?.role !== 'model' || contents.length < 2) return contents
  const prefix = last.parts.map((part) => (part.thought ? '' : (part.text ?? ''))).join('')
  const folded = contents.slice(0, -1)
  const lastUser = folded.at(-1)
  if (!lastUser || prefix === '') return folded
  lastUser.parts = [
    ...lastUser.parts,
    { text: `(Begin your answer with exactly this text: ${prefix})` },
  ]
  return folded
}

/** An Anthropic Messages request as Cloud Code's Gemini request. */
export function anthropicToGemini(
  request: Request,
  options: AnthropicToGeminiOptions = {},
): GeminiRequest {
  const toolNames = toolNamesById(request)
  let contents: GeminiContent[] = []
  for (const [index, message] of request.messages.entries()) {
    const role = message.role === 'assistant' ? 'model' : 'user'
    const parts = partsOf(blocksOf(message.content), `messages[${index}]`, toolNames)
    if (parts.length === 0) continue
    const last = contents.at(-1)
    // Gemini wants turns to alternate: consecutive turns of one role become one.
    if (last?.role === role) last.parts.push(...parts)
    else contents.push({ role, parts })
  }
  if (options.foldPrefill) contents = foldTrailingPrefill(contents)
  if (contents.length === 0) throw new TranslationError('messages: there is no content to send')

  const result: GeminiRequest = { contents }
  const system = systemInstructionOf(request.system)
  if (system) result.systemInstruction = system
  const functions = (request.tools ?? [])
    .filter((tool) => tool.input_schema || !tool.type)
    .map((tool) => ({
      name: tool.name,
      ...(tool.description ? { description: tool.description } : {}),
      parameters: cleanToolSchema(tool.input_schema ?? { type: 'object', properties: {} }),
    }))
  if (functions.length) result.tools = [{ functionDeclarations: functions }]
  const toolConfig = toolConfigOf(request.tool_choice, new Set(functions.map((fn) => fn.name)))
  if (toolConfig) result.toolConfig = toolConfig

  const config: GeminiRequest['generationConfig'] = {}
  if (request.max_tokens) config.maxOutputTokens = request.max_tokens
  if (request.temperature != null) config.temperature = request.temperature
  if (request.top_p != null) config.topP = request.top_p
  if (request.top_k != null) config.topK = request.top_k
  if (request.stop_sequences?.length) config.stopSequences = request.stop_sequences
  if (request.thinking?.type === 'enabled') {
    config.thinkingConfig = {
      includeThoughts: true,
      ...(request.thinking.budget_tokens ? { thinkingBudget: request.thinking.budget_tokens } : {}),
    }
  }
  if (Object.keys(config).length) result.generationConfig = config
  if (request.metadata?.user_id) result.sessionId = request.metadata.user_id
  return result
}
