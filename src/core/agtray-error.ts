import type { ErrorCode } from '../shared/error-codes'

/** An error whose message is safe to show to a user (no secrets) and whose code callers map. */
export class AgtrayError extends Error {
  readonly code: ErrorCode

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'AgtrayError'
    this.code = code
  }
}

export const isAgtrayError = (error: unknown): error is AgtrayError => error instanceof AgtrayError
