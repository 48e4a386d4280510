import { randomBytes } from 'node:crypto'
import { isRecord } from './http-exchange'
import type { FakeUser } from './types'

/**
 * What the default answer says, decided from the request alone so tests can steer it with
 * plain words (documented in README.md):
 * - the last user turn holds functionResponse parts: "Tool <name> said: <JSON of response>";
 * - tools are declared and the last user turn says "please call <toolName>": a functionCall,
 *   with the arguments of "please call <toolName> with <JSON object>" (else none);
 * - otherwise "Hello from <model> as <email>".
 * Thinking (`includeThoughts`), JSON mode and images add to that.
 */
export interface ReplyPlan {
  /** A `thought: true` part sent first, when the request asked for thoughts. */
  thought?: string
  /** Set when the answer is a function call instead of text. */
  call?: { name: string; id: string; args: Record<string, unknown> }
  text: string
  /** One signature for the whole answer: on the thought part and on the call. */
  signature: string
}

type Part = Record<string, unknown>

const partsOf = (content: unknown): Part[] =>
  isRecord(content) && Array.isArray(content.parts) ? content.parts.filter(isRecord) : []

const functionResponseOf = (part: Part): unknown => part.functionResponse ?? part.function_response

export function planReply(input: {
  user: FakeUser
  model: string
  request: Record<string, unknown>
}): ReplyPlan {
  const { model, request } = input
  const config = isRecord(request.generationConfig) ? request.generationConfig : {}
  const thinking = isRecord(config.thinkingConfig) ? config.thinkingConfig : {}
  const json = config.responseMimeType === 'application/json'
  const contents = Array.isArray(request.contents) ? request.contents : []
  const last: unknown = contents.at(-1)
  const lastUserParts = isRecord(last) && last.role === 'user' ? partsOf(last) : []

  const toolReports = lastUserParts
    .map(functionResponseOf)
    .filter(isRecord)
    .map((fr) => `Tool ${String(fr.name)} said: ${JSON.stringify(fr.response ?? null)}`)
  const requested =
    toolReports.length === 0 ? requestedTool(lastUserParts, declaredTools(request)) : undefined

  let text =
    toolReports.length > 0
      ? toolReports.join('\n')
      : json
        ? `Hello from ${model}`
        : `Hello from ${model} as ${input.user.email}`
  const images = imageNote(contents)
  if (images) text = `${text}. ${images}`
  if (json) text = JSON.stringify({ answer: text })

  return {
    ...(thinking.includeThoughts === true ? { thought: `Thinking about ${model}` } : {}),
    ...(requested ? { call: { ...requested, id: newCallId(model) } } : {}),
    text,
    signature: randomBytes(48).toString('base64'),
  }
}

function declaredTools(request: Record<string, unknown>): string[] {
  const tools = Array.isArray(request.tools) ? request.tools : []
  return tools.flatMap((tool: unknown) => {
    const list = isRecord(tool) ? (tool.functionDeclarations ?? tool.function_declarations) : []
    return Array.isArray(list)
      ? list.flatMap((fn: unknown) =>
          isRecord(fn) && typeof fn.name === 'string' ? [fn.name] : [],
        )
      : []
  })
}

/**
 * "please call Read on README.md" names `Read`; the longest declared name that fits wins.
 * "please call Bash with {"command": "ls"}" also gives the arguments, so a real client can run it.
 */
function requestedTool(
  parts: Part[],
  names: string[],
): { name: string; args: Record<string, unknown> } | undefined {
  const text = parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join('\n')
  const byLength = [...names].sort((a, b) => b.length - a.length)
  for (const match of text.matchAll(/please call /gi)) {
    const rest = text.slice(match.index + match[0].length)
    const name = byLength.find(
      (candidate) =>
        rest.startsWith(candidate) && !/^[A-Za-z0-9_]/.test(rest.slice(candidate.length)),
    )
    if (name) return { name, args: argumentsIn(rest.slice(name.length)) }
  }
  return undefined
}

/** The JSON object right after " with ", as long as it parses; none otherwise. */
function argumentsIn(text: string): Record<string, unknown> {
  const start = /^\s+with\s+\{/.exec(text)
  if (!start) return {}
  const from = start[0].length - 1
  for (let end = text.lastIndexOf('}'); end > from; end = text.lastIndexOf('}', end - 1)) {
    try {
      const parsed: unknown = JSON.parse(text.slice(from, end + 1))
      if (isRecord(parsed)) return parsed
    } catch {
      // Not the end of the object yet: try a shorter one.
    }
  }
  return {}
}

/** "I see 2 image(s) (image/png, image/jpeg)" over every inlineData part of the conversation. */
function imageNote(contents: unknown[]): string | undefined {
  const mimeTypes = contents
    .flatMap(partsOf)
    .map((part) => part.inlineData ?? part.inline_data)
    .filter(isRecord)
    .map((data) => String(data.mimeType ?? data.mime_type ?? 'application/octet-stream'))
  if (mimeTypes.length === 0) return undefined
  return `I see ${mimeTypes.length} image(s) (${[...new Set(mimeTypes)].join(', ')})`
}

/** Claude-backed models mint `toolu_vrtx_…` ids, Gemini 3 short ones like `5hp24qb7`. */
const newCallId = (model: string): string =>
  model.includes('claude')
    ? `toolu_vrtx_${randomBytes(18).toString('base64url')}`
    : randomBytes(6).toString('hex').slice(0, 8)
