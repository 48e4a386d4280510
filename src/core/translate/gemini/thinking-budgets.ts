/**
 * One table for every client's "how hard to think" word (OpenAI's `reasoning_effort`, Anthropic's
 * `output_config.effort`) as a Gemini thinking budget. 24576 is the ceiling: Gemini Flash accepts
 * no more, and the reference caps every budget there, so the two top levels share it.
 */
const budgets: Readonly<Record<string, number>> = {
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 24576,
  max: 24576,
}

/** The smallest budget Claude accepts; below it a request asks for no thinking at all. */
export const MIN_THINKING_BUDGET = 1024

/** The budget for an effort word; undefined for words without one (`minimal`, `none`, unknown). */
export const thinkingBudgetForEffort = (effort: string | null | undefined): number | undefined =>
  effort ? budgets[effort] : undefined
