import * as z from 'zod/mini'
import type { OperationArg } from './operation-contract'
import type { OperationName } from './operations'
import { operations } from './operations'

/** Arguments that match their schemas (as the schemas output them), or why not. */
export type ArgsReading = { ok: true; args: unknown[] } | { ok: false; message: string }

/** `where: what`, naming the wrong field (`patch.port: Too big…`), `body` for the whole value. */
export function checkArg(
  where: string | null,
  schema: OperationArg[1],
  value: unknown,
): { ok: true; value: unknown } | { ok: false; message: string } {
  // English whatever the process configured: these messages go to the caller's user.
  const parsed = z.safeParse(schema, value, { error: z.locales.en().localeError })
  if (parsed.success) return { ok: true, value: parsed.data }
  const issue = parsed.error.issues[0]
  const path = [...(where ? [where] : []), ...(issue?.path ?? []).map(String)]
  return { ok: false, message: `${path.join('.') || 'body'}: ${issue?.message ?? 'Invalid input'}` }
}

/**
 * IPC arguments are positional and all required: a missing one (undefined) is refused, even where
 * the admin API reads an absent body field as null.
 */
export function readIpcArgs(name: OperationName, values: readonly unknown[]): ArgsReading {
  const args = operations[name].args as readonly OperationArg[]
  if (values.length !== args.length) {
    return { ok: false, message: `expects ${args.length} argument(s), got ${values.length}` }
  }
  const read: unknown[] = []
  for (const [index, [argName, schema]] of args.entries()) {
    if (values[index] === undefined) return { ok: false, message: `${argName}: missing` }
    const checked = checkArg(argName, schema, values[index])
    if (!checked.ok) return checked
    read.push(checked.value)
  }
  return { ok: true, args: read }
}
