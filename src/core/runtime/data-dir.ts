import os from 'node:os'
import path from 'node:path'

/** `--data-dir`, then `AGTRAY_DATA_DIR`, then `~/.agtray`. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  const chosen = flag?.trim() || env.AGTRAY_DATA_DIR?.trim()
  if (chosen) return path.resolve(expandHome(chosen))
  return path.join(os.homedir(), '.agtray')
}

const expandHome = (value: string): string =>
  value === '~' || value.startsWith('~/') ? path.join(os.homedir(), value.slice(1)) : value
