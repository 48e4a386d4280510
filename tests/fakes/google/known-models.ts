/**
 * Cloud Code answers 404 NOT_FOUND ("Requested entity was not found.") for a model it does not
 * serve. The fake serves the families Antigravity offers; anything else is unknown.
 */
export const isKnownModel = (model: string): boolean => /^(gemini-|claude-|gpt-oss-)/.test(model)
