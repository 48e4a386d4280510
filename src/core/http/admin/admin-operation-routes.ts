import type { Request, RequestHandler, Response, Router } from 'express'
import { ADMIN_API_ROOT } from '../../../shared/operation-contract'
import {
  hasHttpBody,
  httpAnswerFor,
  operationHttp,
  readHttpArgs,
} from '../../../shared/operation-http'
import type { HttpOperationName, OperationHandlers } from '../../../shared/operations'
import { httpOperationNames } from '../../../shared/operations'
import { sendAdminError } from './admin-error'

export type AsyncHandler = (req: Request, res: Response) => Promise<void> | void

type AnyHandler = (...args: unknown[]) => Promise<unknown>

const expressMethod = {
  GET: 'get',
  POST: 'post',
  PATCH: 'patch',
  DELETE: 'delete',
} as const

/**
 * One route per operation the admin API offers, as `src/shared/operations.ts` declares it: its
 * arguments read from the path and the body with their schemas (a wrong one is a 400 naming it),
 * the handler's result answered with the declared status.
 */
export function addOperationRoutes(
  router: Router,
  deps: {
    handlers: OperationHandlers<HttpOperationName>
    /** The JSON body parser, for the routes that take a body. */
    jsonBody: RequestHandler
    /** Maps a thrown error to the admin error shape. */
    handle: (handler: AsyncHandler) => RequestHandler
  },
): void {
  for (const name of httpOperationNames) {
    const { method, path } = operationHttp(name)
    const bodyParsers = hasHttpBody(name) ? [deps.jsonBody] : []
    const handler = deps.handlers[name] as AnyHandler
    router[expressMethod[method]](
      path.slice(ADMIN_API_ROOT.length),
      ...bodyParsers,
      deps.handle(async (req, res) => {
        const reading = readHttpArgs(name, req.params as Record<string, string>, req.body)
        if (!reading.ok) {
          sendAdminError(res, 'invalid_input', reading.message)
          return
        }
        const answer = httpAnswerFor(name, (await handler(...reading.args)) as never)
        // Live state, and the API key on request: nothing here is for a cache to keep.
        res.setHeader('cache-control', 'no-store')
        if ('body' in answer) res.status(answer.status).json(answer.body)
        else res.status(answer.status).end()
      }),
    )
  }
}
