import { httpRequestFor, httpResultOf } from '../../../shared/operation-http'
import type { HttpOperationName, OperationArgs, OperationResult } from '../../../shared/operations'
import type { HttpTarget } from './http-request'
import { sendJson } from './http-request'

/** One operation through the admin API, its request and result read off the contract. */
export async function callHttpOperation<N extends HttpOperationName>(
  target: HttpTarget,
  name: N,
  ...args: OperationArgs<N>
): Promise<OperationResult<N>> {
  return httpResultOf(name, await sendJson(target, httpRequestFor(name, args)))
}
