/**
 * Cloud Code answers 404 NOT_FOUND ("Requested entity was not found.") for a model it does not
 * serve, even one of a family it serves (`claude-opus-5-5`, `gemini-3.1-pro-preview`). The fake
 * serves exactly these: the ids of the captured fetchAvailableModels catalog and its lists
 * (tests/fixtures/fetchAvailableModels.response.json), and the rest of Antigravity's line-up.
 */
export const knownModels: ReadonlySet<string> = new Set([
  // models{} of the captured catalog
  'gemini-2.5-pro',
  'gemini-3-flash',
  'claude-sonnet-4-6-thinking',
  'claude-opus-4-6-thinking',
  'gpt-oss-120b-medium',
  // its commandModelIds, webSearchModelIds, mqueryModelIds, imageGenerationModelIds
  'gemini-2.5-flash',
  'gemini-2.5-flash-lite',
  'gemini-3.1-flash-image',
  // Antigravity's model picker
  'claude-sonnet-4-6',
  'gemini-3-pro-high',
  'gemini-3-pro-low',
  'gemini-3.1-pro-high',
  'gemini-3.1-pro-low',
])

export const isKnownModel = (model: string): boolean => knownModels.has(model)
