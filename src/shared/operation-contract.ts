import type * as z from 'zod/mini'

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE'

/** Every admin API route lives under this root; the router is mounted there. */
export const ADMIN_API_ROOT = '/api'

/**
 * One positional argument of an operation. Its name is its path parameter (`:name`) or its body
 * field over HTTP, and names it in error messages on both transports.
 */
export type OperationArg = readonly [name: string, schema: z.core.$ZodType]

/** How an operation is offered by the admin API. */
export interface HttpBinding<Result = unknown> {
  readonly method: HttpMethod
  /** The full path, `:name` standing for the argument of that name. */
  readonly path: `${typeof ADMIN_API_ROOT}/${string}`
  /**
   * The argument that is the whole JSON body. Without it, the body is an object holding the
   * arguments that are not in the path (no body when there are none).
   */
  readonly body?: string
  /** The answer is `{[resultField]: result}` instead of the result itself. */
  readonly resultField?: string
  /** The success status, 200 when not given; a 204 answer has no body and means `null`. */
  readonly status?: number | ((result: Result) => number)
}

export interface OperationSpec<Result = unknown> {
  readonly args: readonly OperationArg[]
  /** Offered to the desktop window over IPC, the operation's name being the channel. */
  readonly ipc: boolean
  /** `null`: not offered by the admin API. */
  readonly http: HttpBinding<Result> | null
}

/** The result type rides along as a type only: DTOs are interfaces, checked by the compiler. */
export interface ResultMarker<Result> {
  readonly __result?: Result
}

/**
 * Declares one operation: `operation<ResultDto>()({ args, ipc, http })`. Curried so the result is
 * named while everything else keeps its literal type.
 */
export const operation =
  <Result>() =>
  <const Spec extends OperationSpec<Result>>(spec: Spec): Spec & ResultMarker<Result> =>
    spec

/** The values of an argument list, in order, as its schemas output them. */
export type ArgValues<Args extends readonly OperationArg[]> = {
  -readonly [I in keyof Args]: Args[I] extends readonly [string, infer S extends z.core.$ZodType]
    ? z.output<S>
    : never
}

export type ResultOf<Spec> = Spec extends ResultMarker<infer Result> ? Result : never

/** A `:name` path parameter (`replace` and `matchAll` both start a global regex afresh). */
export const PATH_PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g

/** The names of the `:name` parameters of a path, in order. */
export const pathParamsOf = (path: string): string[] =>
  [...path.matchAll(PATH_PARAM)].map((match) => match[1] ?? '')
