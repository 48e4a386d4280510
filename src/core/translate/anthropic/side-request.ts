import type { MessagesRequest } from './anthropic-request-schema'

/**
 * Whether a request is one of Claude Code's small background requests (conversation titles,
 * topic detection, summaries), which may go to a cheaper model (settings
 * `proxy.background_model`). Claude Code sends them to its small fast model, a haiku, with no
 * tools; its main turns always carry its tools, whichever model the user picked, haiku included.
 * max_tokens does not tell them apart: the 2.1 topic classifier asks for 32000.
 */
export function isSideRequest(request: Pick<MessagesRequest, 'model' | 'tools'>): boolean {
  const noTools = !request.tools || request.tools.length === 0
  return noTools && /haiku/i.test(request.model)
}
