import path from 'node:path'
import { buildSync } from 'esbuild'

/**
 * Bundles a TypeScript entry into one CommonJS file for child processes: plain `node` starts it in
 * tens of milliseconds, where `tsx` takes a second per process on these machines.
 */
export function bundleChild(entry: string, outDir: string): string {
  const outfile = path.join(outDir, `${path.basename(entry, path.extname(entry))}.cjs`)
  buildSync({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'silent',
  })
  return outfile
}
