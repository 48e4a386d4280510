import type { SchemaCleaner } from './schema-cleaner-cache'
import { cleanToolSchema } from './schema-cleaner'

/** Both spellings Google's JSON parser takes for a declaration's schema. */
const SCHEMA_KEYS = ['parameters', 'parametersJsonSchema', 'parameters_json_schema'] as const

/**
 * A Gemini-API request as a client sent it, with every function declaration's schema cleaned of
 * what Cloud Code refuses (`$schema`, `additionalProperties`… see schema-rules.md): gemini-cli
 * declares some tools, its skills among them, with a full JSON Schema, which the public API
 * takes and Antigravity's backend refuses with a 400 for the whole request. The request is not
 * modified; a request without declarations comes back as it is.
 */
export function cleanNativeToolSchemas<T extends Record<string, unknown>>(
  request: T,
  clean: SchemaCleaner = cleanToolSchema,
): T {
  const tools = request.tools
  if (!Array.isArray(tools)) return request
  let changed = false
  const cleanedTools = tools.map((tool: unknown) => {
    const declarations = declarationsOf(tool)
    if (!declarations) return tool
    changed = true
    const key =
      'functionDeclarations' in (tool as object) ? 'functionDeclarations' : 'function_declarations'
    return {
      ...(tool as object),
      [key]: declarations.map((declaration) => cleanDeclaration(declaration, clean)),
    }
  })
  return changed ? { ...request, tools: cleanedTools } : request
}

const declarationsOf = (tool: unknown): unknown[] | null => {
  if (!tool || typeof tool !== 'object') return null
  const record = tool as Record<string, unknown>
  const declarations = record.functionDeclarations ?? record.function_declarations
  return Array.isArray(declarations) ? declarations : null
}

function cleanDeclaration(declaration: unknown, clean: SchemaCleaner): unknown {
  if (!declaration || typeof declaration !== 'object') return declaration
  const cleaned: Record<string, unknown> = { ...(declaration as Record<string, unknown>) }
  for (const key of SCHEMA_KEYS) if (key in cleaned) cleaned[key] = clean(cleaned[key])
  return cleaned
}
