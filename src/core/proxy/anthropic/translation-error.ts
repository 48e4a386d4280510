/**
 * A client mistake the translator can explain (an image by URL, a tool_result for an unknown
 * tool_use id, …). The route answers 400 invalid_request_error with its message, so the message
 * says where the problem is and how to fix it.
 */
export class TranslationError extends Error {
  override name = 'TranslationError'
}
