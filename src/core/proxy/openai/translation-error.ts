/**
 * A client mistake the translator can explain (an http image URL, a tool result for a call that
 * never happened, …). The route answers 400 with its message, so it must read well to a user.
 */
export class TranslationError extends Error {
  override name = 'TranslationError'
}
