/** A request we cannot translate because of something the client can fix; answered with a 400. */
export class TranslationError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'TranslationError'
  }
}
