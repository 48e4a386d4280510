import type { ArgsReading } from './operation-args'
import { checkArg } from './operation-args'
import type { HttpBinding, HttpMethod, OperationArg } from './operation-contract'
import { PATH_PARAM, pathParamsOf } from './operation-contract'
import type { HttpOperationName, OperationArgs, OperationResult } from './operations'
import { operations } from './operations'

/** One admin API request, as a client sends it. */
export interface HttpRequest {
  method: HttpMethod
  /** From the server's root, path parameters encoded. */
  path: string
  /** Absent: no body. */
  body?: unknown
}

/** An answer as the server sends it: `body` absent means no body (204). */
export type HttpAnswer = { status: number; body: unknown } | { status: number }

interface Binding {
  args: readonly OperationArg[]
  http: HttpBinding
  inPath: readonly string[]
  /** The arguments sent in the body as one object's fields (when `http.body` is not set). */
  bodyFields: readonly OperationArg[]
}

function bindingOf(name: HttpOperationName): Binding {
  const { args, http } = operations[name] as { args: readonly OperationArg[]; http: HttpBinding }
  const inPath = pathParamsOf(http.path)
  return { args, http, inPath, bodyFields: args.filter(([argName]) => !inPath.includes(argName)) }
}

/** The admin API route of an operation. */
export const operationHttp = (name: HttpOperationName): HttpBinding => bindingOf(name).http

/** Whether a request for this operation carries a JSON body. */
export const hasHttpBody = (name: HttpOperationName): boolean => {
  const { http, bodyFields } = bindingOf(name)
  return http.body !== undefined || bodyFields.length > 0
}

/** The request for a call: arguments go into the path (`:name`) or the body, by name. */
export function httpRequestFor<N extends HttpOperationName>(
  name: N,
  values: OperationArgs<N>,
): HttpRequest {
  const { args, http, bodyFields } = bindingOf(name)
  const valueOf = (argName: string): unknown =>
    values[args.findIndex(([candidate]) => candidate === argName)]
  const path = http.path.replace(PATH_PARAM, (_match, param: string) =>
    encodeURIComponent(String(valueOf(param))),
  )
  if (http.body !== undefined) return { method: http.method, path, body: valueOf(http.body) }
  if (bodyFields.length === 0) return { method: http.method, path }
  const body = Object.fromEntries(bodyFields.map(([field]) => [field, valueOf(field)]))
  return { method: http.method, path, body }
}

/** The call's result from a successful answer's JSON (null for a 204). */
export function httpResultOf<N extends HttpOperationName>(
  name: N,
  body: unknown,
): OperationResult<N> {
  const { resultField } = bindingOf(name).http
  if (resultField === undefined) return body as OperationResult<N>
  return (body as Record<string, unknown> | null)?.[resultField] as OperationResult<N>
}

/**
 * The server's reading of a request: path parameters and body fields checked against their
 * schemas, in argument order. An absent body is an empty one.
 */
export function readHttpArgs(
  name: HttpOperationName,
  params: Record<string, string>,
  requestBody: unknown,
): ArgsReading {
  const { args, http, inPath, bodyFields } = bindingOf(name)
  const body = requestBody ?? {}
  const values = new Map<string, unknown>()
  for (const [argName, schema] of args) {
    if (inPath.includes(argName)) {
      const checked = checkArg(argName, schema, params[argName])
      if (!checked.ok) return checked
      values.set(argName, checked.value)
    } else if (http.body === argName) {
      // Fields of the whole body are named from the body (`theme: …`), as the client sent them.
      const checked = checkArg(null, schema, body)
      if (!checked.ok) return checked
      values.set(argName, checked.value)
    }
  }
  if (http.body === undefined && bodyFields.length > 0) {
    if (typeof body !== 'object' || Array.isArray(body)) {
      return { ok: false, message: 'body: Invalid input: expected a JSON object' }
    }
    for (const [field, schema] of bodyFields) {
      const checked = checkArg(field, schema, (body as Record<string, unknown>)[field])
      if (!checked.ok) return checked
      values.set(field, checked.value)
    }
  }
  return { ok: true, args: args.map(([argName]) => values.get(argName)) }
}

/** The status and body the server answers a result with. */
export function httpAnswerFor<N extends HttpOperationName>(
  name: N,
  result: OperationResult<N>,
): HttpAnswer {
  const { http } = bindingOf(name)
  const status = typeof http.status === 'function' ? http.status(result) : (http.status ?? 200)
  if (status === 204) return { status }
  return { status, body: http.resultField === undefined ? result : { [http.resultField]: result } }
}
