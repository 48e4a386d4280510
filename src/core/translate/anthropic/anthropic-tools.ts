import type {
  GeminiFunctionDeclaration,
  GeminiRequest,
  GeminiToolConfig,
} from '../gemini/gemini-types'
import { functionDeclaration, toolFields } from '../gemini/function-declarations'
import type { SchemaCleaner } from '../gemini/schema-cleaner-cache'
import type { MessagesRequest } from './anthropic-request-schema'
import { TranslationError } from '../translation-error'

type ToolRequest = Pick<MessagesRequest, 'tools' | 'tool_choice'>
type Tool = NonNullable<MessagesRequest['tools']>[number]

/** Maps `tools` and `tool_choice` to Gemini's function declarations and calling mode. */
export function toolsToGemini(
  request: ToolRequest,
  clean?: SchemaCleaner,
): Pick<GeminiRequest, 'tools' | 'toolConfig'> {
  // Server tools (web_search_20250305, bash_20250124…) and MCP toolsets run at Anthropic and
  // have no schema. A `defer_loading` tool is declared like the others: Gemini has no deferred
  // loading, and a model that cannot see a tool cannot call it.
  const declarations = (request.tools ?? []).flatMap((tool, index) =>
    tool.input_schema || !tool.type ? [toDeclaration(tool, index, clean)] : [],
  )
  // A tool choice without tools has nothing to configure.
  if (declarations.length === 0) return {}
  return toolFields(
    declarations,
    toolConfigOf(request.tool_choice, new Set(declarations.map((fn) => fn.name))),
  )
}

function toDeclaration(
  tool: Tool,
  index: number,
  clean: SchemaCleaner | undefined,
): GeminiFunctionDeclaration {
  if (!tool.name) throw new TranslationError(`tools[${index}]: name is required`)
  return functionDeclaration(
    { name: tool.name, description: tool.description, schema: tool.input_schema },
    clean,
  )
}

function toolConfigOf(
  choice: ToolRequest['tool_choice'],
  declared: ReadonlySet<string>,
): GeminiToolConfig | undefined {
  switch (choice?.type) {
    case undefined:
      return undefined
    case 'auto':
      return { functionCallingConfig: { mode: 'AUTO' } }
    case 'any':
      return { functionCallingConfig: { mode: 'ANY' } }
    case 'none':
      return { functionCallingConfig: { mode: 'NONE' } }
    case 'tool': {
      const name = choice.name ?? ''
      if (!declared.has(name))
        throw new TranslationError(`tool_choice names the tool "${name}", which is not in tools`)
      return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } }
    }
  }
}
