import { isRecord } from './http-exchange'
import { newResponseId } from './random-ids'
import { planReply } from './scripted-replies'
import type { FakeUser } from './types'

/** About four characters a token, like Google's own rule of thumb; tests only need monotony. */
export const roughTokens = (text: string): number => Math.ceil(text.length / 4)

/** All the prompt text of a Gemini request (turns and system instruction), for token counts. */
export function promptText(request: Record<string, unknown>): string {
  const turns = Array.isArray(request.contents) ? request.contents : []
  const all = isRecord(request.systemInstruction) ? [request.systemInstruction, ...turns] : turns
  return all
    .flatMap((content: unknown) =>
      isRecord(content) && Array.isArray(content.parts) ? content.parts : [],
    )
    .map((part: unknown) =>
      isRecord(part) && typeof part.text === 'string' ? part.text : JSON.stringify(part),
    )
    .join('\n')
}

/** Splits text into `count` non-empty consecutive pieces (fewer when the text is shorter). */
function splitText(text: string, count: number): string[] {
  const size = Math.ceil(text.length / count)
  const pieces: string[] = []
  for (let start = 0; start < text.length; start += size)
    pieces.push(text.slice(start, start + size))
  return pieces
}

/**
 * The default answer (see planReply for what it says) as stream chunks: the thought part on its
 * own, then a function call in one chunk or the text in three. Usage is cumulative in every
 * chunk and only the last one says STOP, like the real captures.
 */
export function defaultChunks(input: {
  user: FakeUser
  model: string
  request: Record<string, unknown>
}): unknown[] {
  const plan = planReply(input)
  const promptTokenCount = roughTokens(promptText(input.request))
  const responseId = newResponseId()
  const thoughtsTokenCount = plan.thought === undefined ? 0 : roughTokens(plan.thought)
  const chunk = (parts: unknown[], answered: number, last: boolean): unknown => ({
    candidates: [
      {
        content: { role: 'model', parts },
        ...(last ? { finishReason: 'STOP' } : {}),
      },
    ],
    usageMetadata: {
      promptTokenCount,
      candidatesTokenCount: answered,
      ...(thoughtsTokenCount > 0 ? { thoughtsTokenCount } : {}),
      totalTokenCount: promptTokenCount + answered + thoughtsTokenCount,
    },
    modelVersion: input.model,
    responseId,
  })

  const chunks: unknown[] = []
  if (plan.thought !== undefined) {
    chunks.push(
      chunk([{ text: plan.thought, thought: true, thoughtSignature: plan.signature }], 0, false),
    )
  }
  if (plan.call) {
    const part = {
      functionCall: { name: plan.call.name, args: plan.call.args, id: plan.call.id },
      thoughtSignature: plan.signature,
    }
    chunks.push(chunk([part], roughTokens(JSON.stringify(part.functionCall)), true))
    return chunks
  }
  const pieces = splitText(plan.text, 3)
  let sent = ''
  pieces.forEach((piece, index) => {
    sent += piece
    chunks.push(chunk([{ text: piece }], roughTokens(sent), index === pieces.length - 1))
  })
  return chunks
}

type Part = Record<string, unknown>

const TEXT_KEYS = new Set(['text', 'thought', 'thoughtSignature'])
const isTextPart = (part: Part): boolean =>
  typeof part.text === 'string' && Object.keys(part).every((key) => TEXT_KEYS.has(key))

/**
 * What generateContent answers for the same chunks a stream would send: consecutive text parts
 * (of the same thought-ness) joined in order, other parts kept as they are, and the last
 * finishReason / usageMetadata / modelVersion / responseId seen.
 */
export function mergeChunks(chunks: unknown[], model: string): Record<string, unknown> {
  const parts: Part[] = []
  let finishReason: unknown
  let usageMetadata: unknown
  let modelVersion: unknown = model
  let responseId: unknown
  for (const chunk of chunks) {
    if (!isRecord(chunk)) continue
    const candidate: unknown = Array.isArray(chunk.candidates) ? chunk.candidates[0] : undefined
    if (isRecord(candidate)) {
      const content = isRecord(candidate.content) ? candidate.content : {}
      for (const part of Array.isArray(content.parts) ? content.parts : []) {
        if (!isRecord(part)) continue
        const previous = parts.at(-1)
        const joinable =
          previous &&
          isTextPart(previous) &&
          isTextPart(part) &&
          previous.thoughtSignature === undefined &&
          Boolean(previous.thought) === Boolean(part.thought)
        if (joinable) {
          previous.text = `${String(previous.text)}${String(part.text)}`
          if (part.thoughtSignature !== undefined) previous.thoughtSignature = part.thoughtSignature
        } else {
          parts.push({ ...part })
        }
      }
      if (candidate.finishReason !== undefined) finishReason = candidate.finishReason
    }
    if (chunk.usageMetadata !== undefined) usageMetadata = chunk.usageMetadata
    if (chunk.modelVersion !== undefined) modelVersion = chunk.modelVersion
    if (chunk.responseId !== undefined) responseId = chunk.responseId
  }
  return {
    candidates: [
      {
        content: { role: 'model', parts },
        ...(finishReason !== undefined ? { finishReason } : {}),
      },
    ],
    ...(usageMetadata !== undefined ? { usageMetadata } : {}),
    modelVersion,
    responseId: responseId ?? newResponseId(),
  }
}

/** One SSE event in Cloud Code's framing: CRLF line ends, like the newer real captures. */
export const sseEvent = (chunk: unknown, traceId: string): string =>
  `data: ${JSON.stringify({ response: chunk, traceId, metadata: {} })}\r\n\r\n`
