/**
 * Model ids read as family + version, so a name a client sends today (`claude-opus-5-5`,
 * `gemini-3.1-pro-preview`) finds the best model of its family that Cloud Code really serves,
 * and a newer Antigravity model is picked up without a new agtray build.
 */
export interface ModelId {
  id: string
  /** `claude-opus`, `claude-sonnet`, `gemini-pro`, `gemini-flash-image`… */
  family: string
  /** `[4, 6]` for claude-opus-4-6, `[3, 1]` for gemini-3.1-pro-high; empty when unnamed. */
  version: number[]
  /** The other words of the id: `thinking`, `high`, `low`, `lite`, `preview`… */
  variants: string[]
}

const datePattern = /^\d{8}$/

/** Null for ids of no known family (gpt-oss, internal models, names Google does not use). */
export function parseModelId(id: string): ModelId | null {
  // Vertex writes dated Claude ids as `claude-opus-4-1@20250805`.
  const words = id.toLowerCase().split('@')[0]?.split('-') ?? []
  if (words[0] === 'claude') return parseClaude(id, words.slice(1))
  if (words[0] === 'gemini') return parseGemini(id, words.slice(1))
  return null
}

function parseClaude(id: string, words: string[]): ModelId | null {
  const version: number[] = []
  const variants: string[] = []
  let tier: string | undefined
  for (const word of words) {
    if (datePattern.test(word) || word === 'latest') continue
    if (/^\d+$/.test(word)) version.push(Number(word))
    else if (tier === undefined && word !== 'thinking' && /^[a-z]+$/.test(word)) tier = word
    else variants.push(word)
  }
  return tier ? { id, family: `claude-${tier}`, version, variants } : null
}

function parseGemini(id: string, words: string[]): ModelId | null {
  const versionWord = words.find((word) => /^\d+(\.\d+)?$/.test(word))
  const kind = words.find((word) => word === 'pro' || word === 'flash')
  if (!versionWord || !kind) return null
  const image = words.includes('image')
  return {
    id,
    family: `gemini-${kind}${image ? '-image' : ''}`,
    version: versionWord.split('.').map(Number),
    variants: words.filter((word) => word !== versionWord && word !== kind && word !== 'image'),
  }
}

/**
 * Where a family looks when none of its own models is served: Claude Code's haiku side requests
 * still need a Claude (the reference maps haiku to sonnet), and a Claude family Antigravity does
 * not carry (a new tier name) gets the strongest Claude there is.
 */
const fallbackFamilies: Readonly<Record<string, readonly string[]>> = {
  'claude-haiku': ['claude-sonnet', 'claude-opus'],
  'claude-sonnet': ['claude-opus'],
  'claude-opus': ['claude-sonnet'],
  'gemini-pro-image': ['gemini-flash-image'],
  'gemini-flash-image': ['gemini-pro-image'],
}
const unknownClaudeFallback = ['claude-opus', 'claude-sonnet'] as const

const sameVersion = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((part, index) => part === b[index])

function compareVersions(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0)
    if (difference !== 0) return difference
  }
  return 0
}

/**
 * How well a variant suits the request: thinking when thinking was asked for (and plain when
 * not); the tier the client named (`high`, `low`, `lite`) when it named one, else the strongest.
 */
function variantScore(candidate: ModelId, wanted: ModelId): number {
  const thinking = candidate.variants.includes('thinking')
  let score = thinking === wanted.variants.includes('thinking') ? 10 : 0
  for (const tier of ['high', 'low', 'lite'] as const) {
    if (wanted.variants.includes(tier) && candidate.variants.includes(tier)) score += 5
  }
  if (candidate.variants.includes('high')) score += 2
  if (candidate.variants.includes('low')) score -= 1
  if (candidate.variants.includes('lite') && !wanted.variants.includes('lite')) score -= 2
  return score
}

/** Best first: the version the client named, then the newest, then the best-suited variant. */
function rank(wanted: ModelId) {
  return (a: ModelId, b: ModelId): number => {
    const named =
      Number(sameVersion(b.version, wanted.version)) -
      Number(sameVersion(a.version, wanted.version))
    if (named !== 0) return named
    const newer = compareVersions(b.version, a.version)
    if (newer !== 0) return newer
    return variantScore(b, wanted) - variantScore(a, wanted)
  }
}

/** The served model that best stands in for `requested`, or null when its family has none. */
export function bestOfFamily(requested: string, available: readonly string[]): string | null {
  const wanted = parseModelId(requested)
  if (!wanted) return null
  const served = available.map(parseModelId).filter((model): model is ModelId => model !== null)
  const fallbacks =
    fallbackFamilies[wanted.family] ??
    (wanted.family.startsWith('claude-') ? unknownClaudeFallback : [])
  for (const family of [wanted.family, ...fallbacks]) {
    const members = served.filter((model) => model.family === family)
    if (members.length > 0) return members.sort(rank(wanted))[0]?.id ?? null
  }
  return null
}
