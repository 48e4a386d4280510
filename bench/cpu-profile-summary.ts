/**
 * `node --import tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top]`: where a `--cpu-prof`
 * profile of agtray spent its busy time, by function (self and total) and by package or source
 * folder, as percentages of the samples that were not idle.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'

interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

const idleNames = new Set(['(idle)', '(program)', '(garbage collector)'])

/** `node_modules/express`, `src/core/http`, `node:internal/http`… */
function areaOf(url: string): string {
  if (url === '') return '(native)'
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)
  if (modules) return `npm:${modules[1]}`
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/')
  const source = /\/(src|bench|tests)\/(.*)$/.exec(url)
  if (source) return path.dirname(`${source[1]}/${source[2]}`)
  return url
}

const keyOf = (node: ProfileNode): string => {
  const { functionName, url, lineNumber } = node.callFrame
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(node_modules|src|bench|tests)\//, '$1/')
  return `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`
}

export function summarizeProfile(profile: CpuProfile, top = 30): string {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id)
  const self = new Map<string, number>()
  const total = new Map<string, number>()
  const areas = new Map<string, number>()
  let busy = 0
  let gc = 0
  profile.samples.forEach((id, index) => {
    const node = byId.get(id)
    if (!node) return
    const weight = profile.timeDeltas[index] ?? 0
    const name = node.callFrame.functionName
    if (name === '(garbage collector)') gc += weight
    if (idleNames.has(name) && name !== '(garbage collector)') return
    busy += weight
    const key = keyOf(node)
    self.set(key, (self.get(key) ?? 0) + weight)
    const area = areaOf(node.callFrame.url)
    areas.set(area, (areas.get(area) ?? 0) + weight)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)
      if (!frame) break
      const frameKey = keyOf(frame)
      if (seen.has(frameKey)) continue
      seen.add(frameKey)
      total.set(frameKey, (total.get(frameKey) ?? 0) + weight)
    }
  })
  const percent = (value: number) => `${((100 * value) / busy).toFixed(1).padStart(5)} %`
  const table = (title: string, map: Map<string, number>, count: number) =>
    [
      title,
      ...[...map.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, count)
        .map(([key, value]) => `  ${percent(value)}  ${key}`),
    ].join('\n')
  return [
    `busy ${(busy / 1e6).toFixed(1)} s of samples (GC ${percent(gc).trim()})`,
    table('by area (self time)', areas, 20),
    table('by function (self time)', self, top),
    table('by function (total time, including callees)', total, top),
  ].join('\n\n')
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2)
  if (!file) {
    console.error('usage: node --import tsx bench/cpu-profile-summary.ts <file.cpuprofile> [top]')
    process.exit(2)
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  console.log(summarizeProfile(profile, top ? Number(top) : 30))
}
