import type { ErrorCode } from '../../../shared/error-codes'
import { RendererApiError } from '../../../shared/ipc-contract'

/** An error as the screen shows it. */
export interface UiError {
  code: ErrorCode
  message: string
}

/** What a store action answers, so a dialog can show its own result without a shared slot. */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: UiError }

export const toUiError = (error: unknown): UiError =>
  error instanceof RendererApiError
    ? { code: error.code, message: error.message }
    : { code: 'internal', message: error instanceof Error ? error.message : String(error) }

export async function attempt<T>(run: () => Promise<T>): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await run() }
  } catch (error) {
    return { ok: false, error: toUiError(error) }
  }
}
