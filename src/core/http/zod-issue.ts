import type { z } from 'zod'

/** One line naming the wrong field, for an error a client shows its user: `messages.0.role: …`. */
export function describeZodError(error: z.ZodError): string {
  const issue = error.issues[0]
  if (!issue) return 'The request body is not valid'
  const where = issue.path.length ? issue.path.join('.') : 'body'
  return `${where}: ${issue.message}`
}
