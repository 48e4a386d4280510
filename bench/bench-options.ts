/** What one `npm run bench` measures, from flags (`--name value` or `--name=value`) and env. */
/** `baseline`: another checkout of agtray (`--baseline <dir>`), for before/after in one run. */
export type TargetId = 'direct' | 'pass-through' | 'baseline' | 'agtray'
export type BodySet = 'small' | 'captured'
/** `cli`: agtray serve's own logger (pino-pretty on stdout + JSON file); `json`: pino to a file. */
export type AgtrayLogger = 'cli' | 'json' | 'silent'

export interface BenchOptions {
  /** Seconds of autocannon load per cell (one route × connections × target); whole seconds. */
  durationS: number
  /** Each cell this many times, targets in alternating order; the table shows medians. */
  repeat: number
  /** Seconds of load before the first cell of each target, so the JIT has warmed up. */
  warmupS: number
  /** Milliseconds of the first-event client per streamed cell. */
  firstEventMs: number
  connections: number[]
  /** Route ids to run; all when empty. */
  routes: string[]
  targets: TargetId[]
  bodies: BodySet
  /** Fake Google's delay before its first byte, and between streamed events. */
  latencyMs: number
  chunkGapMs: number
  logger: AgtrayLogger
  /** Directory for CPU profiles of the agtray process, one per cell; null: no profiling. */
  cpuProfileDir: string | null
  /** A checkout of agtray to measure beside this one, e.g. the commit before a fix. */
  baselineDir: string | null
  /** The checkout the agtray target runs; null: this one. */
  agtrayDir: string | null
  /** Where the JSON results go. */
  outFile: string
  quick: boolean
  /** Account counts for the scale table (bench/scale-bench.ts); empty: no scale table. */
  scaleCounts: number[]
}

const allTargets: readonly TargetId[] = ['direct', 'pass-through', 'baseline', 'agtray']

const list = (text: string): string[] =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean)

const positive = (name: string, text: string): number => {
  const value = Number(text)
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0`)
  return value
}

function oneOf<T extends string>(name: string, text: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(text))
    throw new Error(`--${name} must be one of ${allowed.join(', ')}`)
  return text as T
}

/** Reads `argv` (without node and the script) over `env` (BENCH_DURATION, BENCH_LATENCY…). */
export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flags = new Map<string, string>()
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index] ?? ''
    if (!arg.startsWith('--')) throw new Error(`Unexpected argument ${arg}`)
    const [name = '', inline] = arg.slice(2).split('=', 2)
    const next = argv[index + 1]
    if (inline !== undefined) flags.set(name, inline)
    else if (next !== undefined && !next.startsWith('--')) {
      flags.set(name, next)
      index++
    } else flags.set(name, 'true')
  }
  const get = (name: string): string | undefined =>
    flags.get(name) ?? env[`BENCH_${name.toUpperCase().replaceAll('-', '_')}`]
  const quick = get('quick') === 'true' || get('quick') === '1'
  const profile = get('cpu-prof')
  const baselineDir = get('baseline') ?? null
  const defaultTargets = allTargets.filter((target) => target !== 'baseline' || baselineDir)
  const options: BenchOptions = {
    durationS: positive('duration', get('duration') ?? (quick ? '1' : '3')),
    repeat: Math.max(1, Math.round(positive('repeat', get('repeat') ?? '1'))),
    warmupS: positive('warmup', get('warmup') ?? (quick ? '0' : '1')),
    firstEventMs: positive('first-event-ms', get('first-event-ms') ?? (quick ? '200' : '800')),
    connections: list(get('connections') ?? (quick ? '8' : '1,16,64')).map((item) =>
      Math.max(1, Math.round(positive('connections', item))),
    ),
    routes: list(get('routes') ?? ''),
    targets: list(get('targets') ?? defaultTargets.join(',')).map((item) =>
      oneOf('targets', item, allTargets),
    ),
    bodies: oneOf('bodies', get('bodies') ?? 'small', ['small', 'captured'] as const),
    latencyMs: positive('latency', get('latency') ?? '20'),
    chunkGapMs: positive('chunk-gap', get('chunk-gap') ?? '5'),
    logger: oneOf('logger', get('logger') ?? 'cli', ['cli', 'json', 'silent'] as const),
    cpuProfileDir:
      profile === undefined ? null : profile === 'true' ? 'bench/results/profiles' : profile,
    baselineDir,
    agtrayDir: get('agtray') ?? null,
    outFile: get('out') ?? 'bench/results/latest.json',
    quick,
    scaleCounts:
      get('scale') === 'false' || get('no-scale') === 'true'
        ? []
        : list(
            get('scale') === 'true' || get('scale') === undefined
              ? quick
                ? '100'
                : '100,1000,10000'
              : (get('scale') ?? ''),
          ).map((item) => Math.max(1, Math.round(positive('scale', item)))),
  }
  if (options.targets.includes('baseline') && !baselineDir)
    throw new Error('--targets baseline needs --baseline <dir>')
  if (!options.targets.includes('direct'))
    throw new Error('--targets must include direct: every other number is relative to it')
  return options
}

export const benchUsage = `npm run bench -- [flags]   (each flag also as env BENCH_<NAME>)
  --quick                  a short smoke run (1 s cells at 8 connections, no warm-up)
  --duration <s>           seconds of load per cell (default 3; autocannon counts whole seconds)
  --repeat <n>             each cell n times, the targets' order alternating; medians (default 1)
  --warmup <s>             seconds of warm-up per target and route (default 1; 0: none)
  --first-event-ms <ms>    time spent measuring the first streamed event per cell (default 800)
  --connections <list>     e.g. 1,16,64 (default)
  --routes <list>          route ids (default: all), e.g. gemini,anthropic-stream
  --targets <list>         direct,pass-through,baseline,agtray (default: all; direct is required)
  --baseline <dir>         also run the agtray checked out in <dir> (its own node_modules or a
                           link to these), to compare before and after a change in one run
  --agtray <dir>           run the agtray target from that checkout instead of this one
  --bodies small|captured  tiny prompts (default) or the real client captures in tests/fixtures
  --latency <ms>           fake Google's delay before answering (default 20)
  --chunk-gap <ms>         fake Google's pause between streamed events (default 5)
  --logger cli|json|silent agtray's logger: agtray serve's (default), JSON only, or none
  --cpu-prof [dir]         CPU-profile agtray, one .cpuprofile per cell (default bench/results/profiles);
                           read one with: node --import tsx bench/cpu-profile-summary.ts <file>
  --out <file>             JSON results (default bench/results/latest.json)
  --scale <list>           account counts of the scale table (default 100,1000,10000; --quick: 100)
  --no-scale               no scale table (it needs \`npm run build\`: it runs the built agtray serve)`
