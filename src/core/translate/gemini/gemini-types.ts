/**
 * The Gemini `GenerateContent` wire format as Cloud Code speaks it (inside the `request` of the
 * v1internal envelope, and as the `response` of each answer). Every translator maps to and from
 * these types; fields we do not use stay open (`[key: string]: unknown`).
 */

export interface GeminiFunctionCall {
  name: string
  args?: Record<string, unknown>
  /** Minted upstream by newer models (`call_…`, `toolu_vrtx_…`); absent on older ones. */
  id?: string
}

export interface GeminiFunctionResponse {
  name: string
  response: Record<string, unknown>
  id?: string
}

export interface GeminiInlineData {
  mimeType: string
  /** Base64, no data: prefix. */
  data: string
}

export interface GeminiPart {
  text?: string
  /** True on reasoning ("thinking") text. */
  thought?: boolean
  /**
   * Opaque signature of the model's reasoning. Arrives on a functionCall part (Gemini 3), on an
   * empty-text part in the final event, or on a thought part (Claude); must be sent back on the
   * same part in later turns or Google refuses the history.
   */
  thoughtSignature?: string
  functionCall?: GeminiFunctionCall
  functionResponse?: GeminiFunctionResponse
  inlineData?: GeminiInlineData
  [key: string]: unknown
}

export type GeminiRole = 'user' | 'model'

export interface GeminiContent {
  role: GeminiRole
  parts: GeminiPart[]
}

export interface GeminiFunctionDeclaration {
  name: string
  description?: string
  /** A cleaned JSON schema (see schema-cleaner.ts): only keywords Gemini accepts. */
  parameters?: Record<string, unknown>
}

export interface GeminiTool {
  functionDeclarations?: GeminiFunctionDeclaration[]
  googleSearch?: Record<string, unknown>
  [key: string]: unknown
}

export interface GeminiToolConfig {
  functionCallingConfig: {
    mode: 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED'
    allowedFunctionNames?: string[]
  }
}

export interface GeminiThinkingConfig {
  includeThoughts?: boolean
  thinkingBudget?: number
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number
  temperature?: number
  topP?: number
  topK?: number
  stopSequences?: string[]
  candidateCount?: number
  seed?: number
  presencePenalty?: number
  frequencyPenalty?: number
  responseMimeType?: string
  responseSchema?: Record<string, unknown>
  responseJsonSchema?: Record<string, unknown>
  thinkingConfig?: GeminiThinkingConfig
  [key: string]: unknown
}

export interface GeminiRequest {
  contents: GeminiContent[]
  systemInstruction?: { role?: 'user'; parts: GeminiPart[] }
  tools?: GeminiTool[]
  toolConfig?: GeminiToolConfig
  generationConfig?: GeminiGenerationConfig
  safetySettings?: { category: string; threshold: string }[]
  sessionId?: string
  [key: string]: unknown
}

export type GeminiFinishReason =
  | 'STOP'
  | 'MAX_TOKENS'
  | 'SAFETY'
  | 'RECITATION'
  | 'MALFORMED_FUNCTION_CALL'
  | 'OTHER'
  | 'FINISH_REASON_UNSPECIFIED'
  | (string & {})

export interface GeminiCandidate {
  content?: { role?: GeminiRole; parts?: GeminiPart[] }
  finishReason?: GeminiFinishReason
  index?: number
  [key: string]: unknown
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number
  candidatesTokenCount?: number
  totalTokenCount?: number
  cachedContentTokenCount?: number
  thoughtsTokenCount?: number
  [key: string]: unknown
}

/** One answer (non-streamed) or one streamed event, after unwrapping `{"response": …}`. */
export interface GeminiResponse {
  candidates?: GeminiCandidate[]
  usageMetadata?: GeminiUsageMetadata
  modelVersion?: string
  responseId?: string
  [key: string]: unknown
}
