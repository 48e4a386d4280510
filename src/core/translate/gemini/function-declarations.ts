import type { GeminiFunctionDeclaration, GeminiRequest, GeminiToolConfig } from './gemini-types'
import { cleanToolSchema } from './schema-cleaner'
import type { SchemaCleaner } from './schema-cleaner-cache'

/** One client tool as Gemini declares it: the schema cleaned of what Gemini refuses. */
export function functionDeclaration(
  tool: {
    name: string
    description?: string | null
    schema?: Record<string, unknown> | null
  },
  clean: SchemaCleaner = cleanToolSchema,
): GeminiFunctionDeclaration {
  return {
    name: tool.name,
    ...(tool.description ? { description: tool.description } : {}),
    parameters: clean(tool.schema ?? { type: 'object', properties: {} }),
  }
}

/** The `tools` / `toolConfig` of a Gemini request; nothing at all when there is no tool. */
export function toolFields(
  declarations: GeminiFunctionDeclaration[],
  toolConfig: GeminiToolConfig | undefined,
): Pick<GeminiRequest, 'tools' | 'toolConfig'> {
  if (declarations.length === 0) return {}
  return { tools: [{ functionDeclarations: declarations }], ...(toolConfig ? { toolConfig } : {}) }
}
