import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

/**
 * A random for the pool's power of two choices that makes it pick the ranked candidates in turn
 * when they tie: the first draw walks 0, 1, 2… of `size`, the second is the next one (the tie
 * keeps the first draw).
 */
export function inTurnRandom(size: number): () => number {
  let calls = 0
  let turn = 0
  return () => (calls++ % 2 === 0 ? ((turn++ % size) + 0.5) / size : 0)
}

/** A seeded [0, 1) generator (mulberry32): random-looking, the same every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Merges sections into the data folder's settings.json before a server starts. */
export function writeSettings(dataDir: string, sections: Record<string, unknown>): void {
  const file = path.join(dataDir, 'settings.json')
  const current = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>)
    : {}
  writeFileSync(file, JSON.stringify({ ...current, ...sections }, null, 2))
}
