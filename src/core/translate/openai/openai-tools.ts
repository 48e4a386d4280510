import type {
  GeminiFunctionDeclaration,
  GeminiRequest,
  GeminiToolConfig,
} from '../gemini/gemini-types'
import { functionDeclaration, toolFields } from '../gemini/function-declarations'
import type { SchemaCleaner } from '../gemini/schema-cleaner-cache'
import type {
  ChatCompletionFunctionDefinition,
  ChatCompletionRequest,
} from './openai-request-schema'
import { TranslationError } from '../translation-error'

type ToolRequest = Pick<
  ChatCompletionRequest,
  'tools' | 'tool_choice' | 'functions' | 'function_call'
>

/** Maps `tools`/`tool_choice` (and the legacy `functions`/`function_call`) to Gemini's. */
export function toolsToGemini(
  request: ToolRequest,
  clean?: SchemaCleaner,
): Pick<GeminiRequest, 'tools' | 'toolConfig'> {
  const definitions = [
    ...(request.tools ?? []).map((tool) => tool.function),
    ...(request.functions ?? []),
  ]
  // A tool choice without tools has nothing to configure.
  if (definitions.length === 0) return {}
  const declarations = definitions.map((definition) => toDeclaration(definition, clean))
  return toolFields(
    declarations,
    toolChoiceConfig(request, new Set(declarations.map((d) => d.name))),
  )
}

const toDeclaration = (
  definition: ChatCompletionFunctionDefinition,
  clean: SchemaCleaner | undefined,
): GeminiFunctionDeclaration =>
  functionDeclaration(
    { name: definition.name, description: definition.description, schema: definition.parameters },
    clean,
  )

const modes = { none: 'NONE', auto: 'AUTO', required: 'ANY' } as const

function toolChoiceConfig(
  request: ToolRequest,
  declared: ReadonlySet<string>,
): GeminiToolConfig | undefined {
  const choice = normalizedChoice(request)
  if (choice === undefined) return undefined
  if (typeof choice === 'string') return { functionCallingConfig: { mode: modes[choice] } }
  if (!declared.has(choice.name)) {
    throw new TranslationError(
      `tool_choice names the function "${choice.name}", which is not in tools`,
    )
  }
  return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [choice.name] } }
}

function normalizedChoice(
  request: ToolRequest,
): 'none' | 'auto' | 'required' | { name: string } | undefined {
  const { tool_choice: choice, function_call: legacy } = request
  if (choice != null) return typeof choice === 'string' ? choice : { name: choice.function.name }
  if (legacy != null) return typeof legacy === 'string' ? legacy : { name: legacy.name }
  return undefined
}
