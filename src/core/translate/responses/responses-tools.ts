import { functionDeclaration, toolFields } from '../gemini/function-declarations'
import type { SchemaCleaner } from '../gemini/schema-cleaner-cache'
import type { GeminiRequest, GeminiToolConfig } from '../gemini/gemini-types'
import { TranslationError } from '../translation-error'
import type { ResponsesRequest, ResponsesToolChoice } from './responses-request-schema'

/** A client function as the Responses API names it: namespaced ones carry their group. */
export interface ClientFunctionName {
  name: string
  namespace?: string
}

/**
 * Gemini knows only flat function names, so a function of a `namespace` tool is declared as
 * `<namespace>__<name>` (Codex's own flat form) and turned back into `{name, namespace}` when the
 * model calls it. Back-translation goes through the declared tools, never by splitting names:
 * plain function names may contain `__` too.
 */
export interface ToolNames {
  geminiName(fn: ClientFunctionName): string
  clientName(geminiName: string): ClientFunctionName
}

export const flatName = (namespace: string, name: string): string =>
  `${namespace.replace(/_+$/, '')}__${name.replace(/^_+/, '')}`

export function createToolNames(request: Pick<ResponsesRequest, 'tools'>): ToolNames {
  const byGeminiName = new Map<string, ClientFunctionName>()
  for (const tool of request.tools ?? []) {
    if (tool.type !== 'namespace') continue
    for (const inner of tool.tools) {
      if (inner.type === 'function')
        byGeminiName.set(flatName(tool.name, inner.name), {
          name: inner.name,
          namespace: tool.name,
        })
    }
  }
  return {
    geminiName: ({ name, namespace }) => (namespace ? flatName(namespace, name) : name),
    clientName: (geminiName) => byGeminiName.get(geminiName) ?? { name: geminiName },
  }
}

export interface ResponsesToolsResult extends Pick<GeminiRequest, 'tools' | 'toolConfig'> {
  /** Tool types Google cannot run (web_search, code_interpreter…), left out of the request. */
  dropped: string[]
}

/** The request's functions (namespaces flattened) as Gemini declarations, and tool_choice. */
export function toolsToGemini(
  request: Pick<ResponsesRequest, 'tools' | 'tool_choice'>,
  names: ToolNames,
  clean?: SchemaCleaner,
): ResponsesToolsResult {
  const dropped = new Set<string>()
  const declarations = []
  for (const tool of request.tools ?? []) {
    if (tool.type === 'unsupported') dropped.add(tool.unsupported_type)
    else if (tool.type === 'function')
      declarations.push(declarationOf(tool, undefined, names, clean))
    else {
      for (const inner of tool.tools) {
        if (inner.type === 'unsupported') dropped.add(`${inner.unsupported_type} (in ${tool.name})`)
        else declarations.push(declarationOf(inner, tool.name, names, clean))
      }
    }
  }
  const declared = new Set(declarations.map((declaration) => declaration.name))
  const choice = declared.size > 0 ? toolChoiceConfig(request.tool_choice, declared, names) : null
  return { ...toolFields(declarations, choice ?? undefined), dropped: [...dropped] }
}

const declarationOf = (
  tool: { name: string; description?: string | null; parameters?: Record<string, unknown> | null },
  namespace: string | undefined,
  names: ToolNames,
  clean: SchemaCleaner | undefined,
) =>
  functionDeclaration(
    {
      name: names.geminiName({ name: tool.name, namespace }),
      description: tool.description,
      schema: tool.parameters,
    },
    clean,
  )

const modes = { none: 'NONE', auto: 'AUTO', required: 'ANY' } as const

function toolChoiceConfig(
  choice: ResponsesToolChoice | null | undefined,
  declared: ReadonlySet<string>,
  names: ToolNames,
): GeminiToolConfig | null {
  if (choice == null) return null
  if (typeof choice === 'string') return { functionCallingConfig: { mode: modes[choice] } }
  const known = (name: string, namespace?: string | null): string => {
    const geminiName = names.geminiName({ name, namespace: namespace ?? undefined })
    if (!declared.has(geminiName))
      throw new TranslationError(`tool_choice names the function "${name}", which is not in tools`)
    return geminiName
  }
  if (choice.type === 'function' && choice.name) {
    const namespace = typeof choice.namespace === 'string' ? choice.namespace : undefined
    return {
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [known(choice.name, namespace)] },
    }
  }
  if (choice.type === 'allowed_tools') {
    if (choice.mode !== 'required') return { functionCallingConfig: { mode: 'AUTO' } }
    const allowed = (choice.tools ?? []).flatMap((tool) =>
      tool.type === 'function' && tool.name ? [known(tool.name)] : [],
    )
    return {
      functionCallingConfig: {
        mode: 'ANY',
        ...(allowed.length > 0 ? { allowedFunctionNames: allowed } : {}),
      },
    }
  }
  // A built-in tool (web_search, file_search…) was dropped: the model chooses among the rest.
  return null
}
