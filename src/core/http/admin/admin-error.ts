import type { Response } from 'express'
import type { ErrorBodyDto, ErrorCode } from '../../../shared/error-codes'
import { httpStatusOf } from '../../../shared/error-codes'

/** The admin API's one error shape: `{error: {code, message}}` with the code's status. */
export const sendAdminError = (res: Response, code: ErrorCode, message: string): void => {
  const body: ErrorBodyDto = { error: { code, message } }
  res.status(httpStatusOf(code)).json(body)
}
