import { z } from 'zod'

const source = z.looseObject({ type: z.string() })
const textItem = z.looseObject({ type: z.string(), text: z.string().optional() })

/**
 * The fields whose type agtray relies on, per block type Claude's API knows. Claude refuses a
 * wrong type with 400, so does agtray, naming the field. A missing tool_use name or input is left
 * to the translator, which explains it; unknown block types and extra fields pass.
 */
const knownBlocks: Readonly<Record<string, z.ZodType>> = {
  text: z.looseObject({ text: z.string() }),
  image: z.looseObject({ source }),
  document: z.looseObject({ source, title: z.string().nullish(), context: z.string().nullish() }),
  search_result: z.looseObject({
    source: z.string(),
    title: z.string(),
    content: z.array(textItem),
  }),
  thinking: z.looseObject({ thinking: z.string(), signature: z.string().optional() }),
  redacted_thinking: z.looseObject({ data: z.string() }),
  tool_use: z.looseObject({ id: z.string().optional() }),
  tool_result: z.looseObject({
    tool_use_id: z.string(),
    content: z.union([z.string(), z.array(z.looseObject({ type: z.string() }))]).nullish(),
    is_error: z.boolean().nullish(),
  }),
  compaction: z.looseObject({ content: z.string().nullish() }),
}

export const contentBlockSchema = z.looseObject({ type: z.string() }).superRefine((block, ctx) => {
  const schema = knownBlocks[block.type]
  if (!schema) return
  const result = schema.safeParse(block)
  if (result.success) return
  for (const issue of result.error.issues)
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path })
})

export const messageContentSchema = z.union([z.string(), z.array(contentBlockSchema)], {
  error: 'expected a string or an array of content blocks',
})
