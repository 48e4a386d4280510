/**
 * Quota protection works on groups of models rather than exact ids (the reference's
 * `normalize_to_standard_id`): all Claude models share one quota, Gemini Flash another, and so on.
 */
export function standardModelId(model: string): string | null {
  const name = model.toLowerCase()
  if (name.includes('image'))
    return name.includes('flash') ? 'gemini-3.1-flash-image' : 'gemini-3-pro-image'
  if (name.includes('flash')) return 'gemini-3-flash'
  if (name.includes('pro')) return 'gemini-3-pro-high'
  if (['claude', 'opus', 'sonnet', 'haiku'].some((word) => name.includes(word))) return 'claude'
  return null
}

export interface ModelPercentage {
  name: string
  percentage: number
}

/** The monitored groups whose best remaining percentage is under the threshold. */
export function groupsBelowThreshold(
  models: readonly ModelPercentage[],
  monitored: readonly string[],
  thresholdPercentage: number,
): { protectedGroups: string[]; presentGroups: string[] } {
  const best = new Map<string, number>()
  for (const model of models) {
    const group = standardModelId(model.name)
    if (!group) continue
    best.set(group, Math.max(best.get(group) ?? 0, model.percentage))
  }
  const presentGroups = monitored.filter((group) => best.has(group))
  const protectedGroups = presentGroups.filter(
    (group) => (best.get(group) ?? 100) < thresholdPercentage,
  )
  return { protectedGroups, presentGroups }
}
