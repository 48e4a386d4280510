import { AgtrayError } from '../agtray-error'

/**
 * A client mistake a translator can explain (an image by URL, a tool result for a call that never
 * happened, …), in any protocol. The route answers 400 in its own format with the message, so the
 * message says where the problem is and how to fix it.
 */
export class TranslationError extends AgtrayError {
  constructor(message: string) {
    super('invalid_input', message)
    this.name = 'TranslationError'
  }
}
